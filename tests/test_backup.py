"""The documented backup and restore: records, uploaded files and the audit trail made here are dumped by
scripts/backup.sh (pg_dump -Fc + media tarball), restored by scripts/restore.sh into a fresh database on the
test PostgreSQL server, and found there again."""

import os
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection

from accounts.models import Organisation
from core.audit import audit_record
from core.models import AuditEntry, Job
from core.uploads import store_in_field

ROOT = Path(settings.BASE_DIR)


def url(database: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{database}"


def run(script: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / script), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def fresh_database():
    name = f"restored_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_records_files_and_audit_trail_into_a_fresh_database(
    world, settings, tmp_path, fresh_database
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    seal = b"\x89PNG\r\n\x1a\n" + os.urandom(64)  # stored as is: the storage path, not the image checks
    store_in_field(world.county.seal, "county.png", ContentFile(seal))
    job = Job.objects.create(
        kind="x", title="导出", requested_by=world.users["city"], organisation=world.city
    )
    job.result.save("结果.xlsx", ContentFile(b"PK-result"), save=True)
    audit_record(actor=world.users["county"], action="plan.stamp", obj=world.base, note="同意，盖章")
    audit_record(actor=world.users["city"], action="plan.approve", obj=world.base)
    expected_orgs = sorted(Organisation.objects.values_list("code", "name"))
    expected_audit = sorted(AuditEntry.objects.values_list("action", "actor_name", "note"))

    backups = tmp_path / "backups"
    run("backup.sh", DATABASE_URL=url(connection.settings_dict["NAME"]),
        MEDIA_ROOT=settings.MEDIA_ROOT, BACKUP_DIR=str(backups))  # fmt: skip
    (made,) = backups.iterdir()
    assert (made / "database.dump").read_bytes()[:5] == b"PGDMP"  # custom format

    restored_media = tmp_path / "restored-media"
    run("restore.sh", str(made), DATABASE_URL=url(fresh_database), MEDIA_ROOT=str(restored_media))

    with psycopg.connect(url(fresh_database)) as restored:
        orgs = sorted(restored.execute("SELECT code, name FROM accounts_organisation").fetchall())
        audit = sorted(restored.execute("SELECT action, actor_name, note FROM core_auditentry").fetchall())
        (seal_name,) = restored.execute(
            "SELECT seal FROM accounts_organisation WHERE code = %s", [world.county.code]
        ).fetchone()
        (result_name,) = restored.execute("SELECT result FROM core_job WHERE id = %s", [job.pk]).fetchone()
    assert orgs == expected_orgs
    assert audit == expected_audit and len(audit) == 2
    assert (restored_media / seal_name).read_bytes() == seal
    assert (restored_media / result_name).read_bytes() == b"PK-result"


def test_a_corrupted_backup_is_not_restored(tmp_path):
    backup = tmp_path / "20260101T000000Z"
    backup.mkdir()
    (backup / "database.dump").write_bytes(b"PGDMP-good")
    (backup / "media.tar.gz").write_bytes(b"")
    subprocess.run(["sha256sum", "database.dump", "media.tar.gz"], cwd=backup, check=True,
                   stdout=(backup / "SHA256SUMS").open("w"))  # fmt: skip
    (backup / "database.dump").write_bytes(b"PGDMP-bad!")
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "restore.sh"), str(backup)],
        env={
            **os.environ,
            "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
            "MEDIA_ROOT": str(tmp_path / "m"),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and not (tmp_path / "m").exists()
