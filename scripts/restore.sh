#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and media directory:
#   DATABASE_URL=postgres://…/jinlan_restored MEDIA_ROOT=/data/media-restored scripts/restore.sh /data/backups/20261202T180000Z
# Create the database first (createdb / CREATE DATABASE); the checksums are verified before anything is written.
set -euo pipefail

backup=${1:?usage: scripts/restore.sh BACKUP_DIRECTORY}
: "${DATABASE_URL:?DATABASE_URL must name the (empty) database to restore into}"
: "${MEDIA_ROOT:?MEDIA_ROOT must name the directory to restore the uploaded files into}"

pg_tool() {
  command -v "$1" 2>/dev/null || ls /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -1
}
PG_RESTORE=$(pg_tool pg_restore)
[ -n "$PG_RESTORE" ] || { echo "restore: pg_restore not found (install postgresql-client)" >&2; exit 1; }

(cd "$backup" && sha256sum --check --quiet SHA256SUMS)
"$PG_RESTORE" --no-owner --no-privileges --exit-on-error --dbname "$DATABASE_URL" "$backup/database.dump"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xzf "$backup/media.tar.gz"
echo "restore: $backup → database and $MEDIA_ROOT"
