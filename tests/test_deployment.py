"""The deployment files agree with the settings, production passes Django's deploy checks, the tests
run on PostgreSQL, and no page loads anything from another host."""

import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
import yaml
from django.conf import settings
from django.db import close_old_connections, connection

ROOT = Path(settings.BASE_DIR)


def test_the_suite_runs_on_postgresql(db):
    assert connection.vendor == "postgresql"


def settings_environment_names() -> set[str]:
    text = "".join(p.read_text() for p in (ROOT / "config" / "settings").glob("*.py"))
    return set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', text))


def test_compose_has_the_five_services_and_only_environment_names_the_settings_read():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert set(compose["services"]) == {"postgres", "redis", "web", "worker", "beat", "backup"}
    read = settings_environment_names()
    for name in ("web", "worker", "beat"):
        service = compose["services"][name]
        env_names = set(service["environment"]) - {"DJANGO_SETTINGS_MODULE"}
        assert env_names <= read, f"{name} sets names the settings never read: {env_names - read}"
        assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"} <= env_names
        assert service["environment"]["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert "gunicorn config.wsgi:application" in compose["services"]["web"]["command"]
    assert compose["services"]["worker"]["command"].startswith("celery -A config worker")
    assert compose["services"]["beat"]["command"].startswith("celery -A config beat")
    backup = compose["services"]["backup"]
    assert backup["command"] == "scripts/backup.sh --nightly"
    assert "backups:/data/backups" in backup["volumes"] and "media:/data/media:ro" in backup["volumes"]
    assert {"DATABASE_URL", "MEDIA_ROOT", "BACKUP_DIR"} <= set(backup["environment"])


def test_the_image_runs_as_an_unprivileged_user():
    lines = [line.split() for line in (ROOT / "Dockerfile").read_text().splitlines() if line.strip()]
    users = [words[1] for words in lines if words[0] == "USER"]
    assert users and users[-1] not in ("root", "0"), "the last USER of the Dockerfile must not be root"
    last_user = max(i for i, words in enumerate(lines) if words[0] == "USER")
    assert lines[-1][0] == "CMD" and last_user < len(lines) - 1


def test_the_celery_app_defaults_to_the_production_settings_like_wsgi():
    for module in ("config/celery_app.py", "config/wsgi.py"):
        text = (ROOT / module).read_text()
        assert 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")' in text, module


def test_a_worker_started_as_the_readme_says_runs_with_production_settings():
    """`celery -A config …` with no DJANGO_SETTINGS_MODULE gets production: no DEBUG, no demo data."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(SECRET_KEY="k3y-" + "x9Lm2Qp7Zr4Vt8Wn1Bc6" * 3, ALLOWED_HOSTS="jinlan.example.gov.cn")
    result = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "config", "report"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "SETTINGS_MODULE: 'config.settings.production'" in result.stdout
    assert "\nDEBUG: False" in result.stdout and "ALLOW_DEMO_DATA: False" in result.stdout


def test_management_commands_print_no_axes_banner(db):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "AXES" not in result.stdout + result.stderr


def test_a_command_whose_database_is_down_fails_in_chinese_without_a_traceback():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{_closed_port()}/jinlan"
    for command in (["load_presets"], ["export_plan_table", "--program", "x", "--out", "/tmp/x.xlsx"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 3, (command, result.stderr)
        assert "数据库连接失败" in result.stderr and "Traceback" not in result.stderr


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens there once the socket is closed


def test_production_settings_pass_the_deploy_checks():
    env = {
        **{
            k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"
        },  # set for Playwright only
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "k3y-" + "x9Lm2Qp7Zr4Vt8Wn1Bc6" * 3,
        "ALLOWED_HOSTS": "jinlan.example.gov.cn",
        "DATABASE_URL": "postgres://jinlan:secret@127.0.0.1:5432/jinlan",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "WARNING" not in result.stderr


def test_production_collects_the_static_files_into_its_manifest(tmp_path):
    """The image runs collectstatic with the manifest storage, which refuses any file a stylesheet or
    script names that is not there (Chart.js names its source map)."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "k3y-" + "x9Lm2Qp7Zr4Vt8Wn1Bc6" * 3,
        "ALLOWED_HOSTS": "jinlan.example.gov.cn",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert (tmp_path / "static" / "staticfiles.json").exists()
    assert list((tmp_path / "static" / "vendor" / "chartjs").glob("chart.umd.*.js"))


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", ALLOWED_HOSTS="x")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


EXTERNAL = re.compile(
    r"""(?:src|href|action)\s*=\s*["'](?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import\s+["']?https?:"""
)


def test_no_template_or_asset_loads_anything_from_another_host():
    offenders = []
    for path in [
        *ROOT.glob("templates/**/*.html"),
        *ROOT.glob("static/**/*.css"),
        *ROOT.glob("static/**/*.js"),
    ]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if EXTERNAL.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


DEMO_PAGES = """
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
missing = client.get("/no-such-page/")
css = client.get("/static/css/app.css")
print(missing.status_code, css.status_code)
print(missing.content.decode())
"""


def test_the_demo_shows_the_portals_chinese_404_page_and_still_serves_static_files(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local", DATABASE_URL=f"sqlite:///{tmp_path / 'demo.db'}"
    )
    result = subprocess.run(
        [sys.executable, "-c", DEMO_PAGES], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    statuses, page = result.stdout.split("\n", 1)
    assert statuses == "404 200"
    assert "页面不存在" in page and "URLconf" not in page and "Django" not in page


@pytest.mark.django_db(transaction=True)
def test_a_connection_that_died_with_a_database_restart_is_replaced_before_the_next_request():
    """What each web worker does at the start of a request (request_started → close_old_connections):
    with health checks on, a persistent connection the server dropped is replaced instead of failing."""
    assert connection.settings_dict["CONN_MAX_AGE"] > 0 and connection.settings_dict["CONN_HEALTH_CHECKS"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    with psycopg.connect(_url(), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    close_old_connections()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


def _url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
