"""Page throughput over real HTTP: gunicorn (2 sync workers, production settings with DEBUG off) on
loopback, driven by a small threaded load generator holding ``CONCURRENCY`` requests in flight.

Each page is compared with the bare baseline page (benchmarks/views.py) served by the same server in the
same run, interleaved (bare, page, bare, page, ...) so that both see the same machine; the figure is the
median over the rounds of page req/s ÷ bare req/s.
"""

import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

ROOT = Path(__file__).resolve().parent.parent
CONCURRENCY = 4
WORKERS = 2


def session_cookie(user) -> str:
    """A logged-in session for ``user``, as the login view would store it."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


class Server:
    """gunicorn on a free loopback port with the bench settings; static files collected first."""

    def __init__(self):
        self.folder = tempfile.TemporaryDirectory()
        self.port = _free_port()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.bench",
            # The sessions are created by the bench process: the server must sign with the same key.
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "False",
            "STATIC_ROOT": str(Path(self.folder.name) / "static"),
            "LOG_LEVEL": "WARNING",
        }

    def __enter__(self):
        python = sys.executable
        subprocess.run(
            [python, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=self.env, check=True
        )
        self.process = subprocess.Popen(
            [
                python,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(WORKERS),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                status, _ = fetch(self.port, "/healthz/", "")
                if status == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=20)
        self.folder.cleanup()


def fetch(port: int, path: str, cookie: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def throughput(port: int, path: str, cookie: str, seconds: float) -> float:
    """Requests per second answered 200 during ``seconds``, CONCURRENCY requests in flight."""
    done = [0] * CONCURRENCY
    failed: list[int] = []
    stop = time.monotonic() + seconds

    def client(slot: int) -> None:
        while time.monotonic() < stop:
            status, _ = fetch(port, path, cookie)
            if status == 200:
                done[slot] += 1
            else:
                failed.append(status)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failed:
        raise RuntimeError(f"{path}: {len(failed)} requests failed ({sorted(set(failed))})")
    return sum(done) / (time.monotonic() - started)


def measure_pages(pages: dict[str, tuple[str, str, bytes]], *, rounds: int, seconds: float) -> dict:
    """pages: name → (path, cookie, a marker the page must contain). Returns name → (ratio, page, bare)."""
    results = {}
    with Server() as server:
        for name, (path, cookie, marker) in pages.items():
            status, body = fetch(server.port, path, cookie)
            if status != 200 or marker not in body:
                raise RuntimeError(f"{name}: {path} answered {status} without {marker.decode()!r}")
        bare_path = "/bench/bare/"
        for cookie in {cookie for _, cookie, _ in pages.values()}:
            throughput(server.port, bare_path, cookie, 1.0)  # warm both workers
        for name, (path, cookie, _) in pages.items():
            ratios, page_rates, bare_rates = [], [], []
            throughput(server.port, path, cookie, 1.0)  # warm: connections, template and count caches
            for _ in range(rounds):
                bare = throughput(server.port, bare_path, cookie, seconds)
                page = throughput(server.port, path, cookie, seconds)
                ratios.append(page / bare)
                page_rates.append(page)
                bare_rates.append(bare)
            results[name] = (
                statistics.median(ratios),
                statistics.median(page_rates),
                statistics.median(bare_rates),
            )
            print(f"  {name}: {results[name][1]:.0f} req/s vs bare {results[name][2]:.0f} req/s")
    return results


def query(**params) -> str:
    return "?" + urllib.parse.urlencode(params) if params else ""


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def profile(user, paths: list[str], requests: int = 30) -> None:
    """Where a page's time goes: cProfile of ``requests`` in-process requests per path, and its queries."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    with override_settings(ROOT_URLCONF="benchmarks.urls", DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        client = Client()
        client.force_login(user)
        for path in paths:
            client.get(path)
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                client.get(path)
                elapsed = time.perf_counter() - started
            print(f"== {path}: {elapsed * 1000:.1f} ms, {len(queries)} queries")
            for q in queries.captured_queries:
                print(f"   {q['time']}s {q['sql'][:160]}")
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(requests):
                client.get(path)
            profiler.disable()
            pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_PROFILE_SORT", "cumulative")).print_stats(
                25
            )


def measure(record, args) -> None:
    from .province import province

    clerk = province(args).clerk
    city_cookie = session_cookie(clerk)
    print(f"Pages over HTTP: gunicorn, {WORKERS} workers, {CONCURRENCY} in flight, "
          f"{args.repeat} rounds of {args.seconds:.0f} s, interleaved with the bare page")  # fmt: skip
    measured = measure_pages(
        {
            "trainee_list_vs_bare": ("/trainees/", city_cookie, "共 ".encode()),
            "trainee_search_vs_bare": ("/trainees/" + query(q="存量1234"), city_cookie, "存量1234".encode()),
            "home_vs_bare": ("/", city_cookie, "在册学员".encode()),
            "audit_list_vs_bare": ("/audit/", city_cookie, "操作日志".encode()),
        },
        rounds=args.repeat,
        seconds=args.seconds,
    )
    for name, (ratio, page_rate, bare_rate) in measured.items():
        record(name, ratio, 0.5, "× bare 50-row page", f"{page_rate:.0f} req/s vs {bare_rate:.0f} req/s")
