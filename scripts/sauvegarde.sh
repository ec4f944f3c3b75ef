#!/usr/bin/env bash
# Back up the portal: the PostgreSQL database (custom format) and the uploaded documents.
# Usage: DATABASE_URL=postgres://… MEDIA_ROOT=/chemin/media scripts/sauvegarde.sh DOSSIER
# Writes DOSSIER/base.dump and DOSSIER/media.tar.gz, then checks the dump can be read.
set -euo pipefail
dossier=${1:?"Usage : scripts/sauvegarde.sh DOSSIER_DE_SAUVEGARDE"}
: "${DATABASE_URL:?DATABASE_URL doit désigner la base PostgreSQL à sauvegarder}"
media=${MEDIA_ROOT:-$(dirname "$0")/../media}
mkdir -p "$dossier"
pg_dump --format=custom --no-owner --file="$dossier/base.dump" "$DATABASE_URL"
pg_restore --list "$dossier/base.dump" >/dev/null
if [ -d "$media" ]; then
  tar -czf "$dossier/media.tar.gz" -C "$media" .
else
  tar -czf "$dossier/media.tar.gz" --files-from /dev/null
fi
echo "Sauvegarde écrite dans $dossier"
