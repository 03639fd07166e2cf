#!/usr/bin/env bash
# Back up the portal: the database as a PostgreSQL custom-format dump (pg_dump -Fc) and the uploaded files
# (MEDIA_ROOT) as a tarball, into BACKUP_DIR/<UTC timestamp>/ with a checksum file; keeps the newest
# BACKUP_KEEP backups. A backup being written is named *.partial, so a half-written one is never taken
# for a good one.
#   scripts/backup.sh             one backup now
#   scripts/backup.sh --nightly   one backup every night at BACKUP_AT_UTC (default 18:00 UTC = 02:00 in
#                                 Asia/Shanghai), forever: the docker-compose `backup` service runs this
# Environment: DATABASE_URL (required), MEDIA_ROOT (default /data/media), BACKUP_DIR (default /data/backups),
# BACKUP_KEEP (default 14). Restore with scripts/restore.sh.
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL must name the database to back up}"
MEDIA_ROOT=${MEDIA_ROOT:-/data/media}
BACKUP_DIR=${BACKUP_DIR:-/data/backups}
BACKUP_KEEP=${BACKUP_KEEP:-14}
BACKUP_AT_UTC=${BACKUP_AT_UTC:-18:00}

pg_tool() {  # Debian keeps the versioned binaries off PATH when no wrapper is installed
  command -v "$1" 2>/dev/null || ls /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -1
}

if [ "${1:-}" = "--nightly" ]; then
  while :; do
    now=$(date -u +%s)
    next=$(date -u -d "today $BACKUP_AT_UTC" +%s)
    [ "$next" -gt "$now" ] || next=$(date -u -d "tomorrow $BACKUP_AT_UTC" +%s)
    sleep $((next - now))
    "$0" || echo "backup: FAILED at $(date -u +%FT%TZ)" >&2
  done
fi

PG_DUMP=$(pg_tool pg_dump)
[ -n "$PG_DUMP" ] || { echo "backup: pg_dump not found (install postgresql-client)" >&2; exit 1; }
stamp=$(date -u +%Y%m%dT%H%M%SZ)
target="$BACKUP_DIR/$stamp"
mkdir -p "$target.partial"
trap 'rm -rf "$target.partial"' ERR

"$PG_DUMP" --format=custom --no-owner --no-privileges --file "$target.partial/database.dump" "$DATABASE_URL"
if [ -d "$MEDIA_ROOT" ]; then
  tar -C "$MEDIA_ROOT" -czf "$target.partial/media.tar.gz" .
else
  tar -czf "$target.partial/media.tar.gz" --files-from /dev/null
fi
(cd "$target.partial" && sha256sum database.dump media.tar.gz > SHA256SUMS)
mv "$target.partial" "$target"
echo "backup: $target"

# Keep the newest BACKUP_KEEP complete backups (timestamped names sort by time).
ls -1d "$BACKUP_DIR"/*Z 2>/dev/null | sort | head -n -"$BACKUP_KEEP" | xargs -r rm -rf
