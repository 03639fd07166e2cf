#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs the system packages it needs, starts a throwaway
# PostgreSQL and Redis on loopback, runs the checks and pytest against them, then stops them.
#   scripts/test.sh            checks + full pytest
#   scripts/test.sh --bench    the benchmarks instead of the tests (same throwaway services)
#   scripts/test.sh -- ARGS    extra pytest arguments (e.g. -k worker)
#   scripts/test.sh --pytest-only -- ARGS   skip check/migrations/ruff while iterating
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
MODE=test
if [ "${1:-}" = "--bench" ]; then MODE=bench; shift; fi
if [ "${1:-}" = "--pytest-only" ]; then MODE=pytest; shift; fi
if [ "${1:-}" = "--" ]; then shift; fi

# --- system packages -------------------------------------------------------------------------------
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null || need+=(redis-server)
command -v chromium >/dev/null || need+=(chromium)
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v zbarimg >/dev/null || need+=(zbar-tools)  # reads the certificates' QR codes back
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing system packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# --- throwaway services ----------------------------------------------------------------------------
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
TMP=$(mktemp -d /tmp/jinlan-test.XXXXXX)
PG_PORT=$(free_port)
REDIS_PORT=$(free_port)
RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$TMP"; RUN_AS=(runuser -u postgres --); fi

cleanup() {
  set +e
  (cd / && "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$TMP/data" -m immediate -w stop >/dev/null 2>&1)
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1
  rm -rf "$TMP"
}
trap cleanup EXIT

(cd / && "${RUN_AS[@]}" "$PGBIN/initdb" -D "$TMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null)
(cd / && "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$TMP/data" -l "$TMP/pg.log" -w start -o \
  "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=$TMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null)
"$PGBIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c 'CREATE DATABASE jinlan' >/dev/null
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --daemonize yes \
  --pidfile "$TMP/redis.pid" --dir "$TMP" >/dev/null

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/jinlan"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export DJANGO_SETTINGS_MODULE=config.settings.test
echo "PostgreSQL on $PG_PORT, Redis on $REDIS_PORT"
# pytest uses its own test_ database; commands that tests run as subprocesses use this one, empty but migrated.
"$PY" manage.py migrate --noinput -v 0

if [ "$MODE" = bench ]; then
  "$PY" -m benchmarks "$@"
  exit 0
fi

# --- checks and tests ------------------------------------------------------------------------------
if [ "$MODE" = pytest ]; then
  "$PY" -m pytest "$@"
  exit $?
fi
"$PY" manage.py check --fail-level WARNING
"$PY" manage.py makemigrations --check --dry-run
.venv/bin/ruff check .
.venv/bin/ruff format --check .
"$PY" -m pytest "$@"
