#!/usr/bin/env bash
# Restore a backup made by sauvegarde.sh into an EMPTY database and media folder.
# Usage: DATABASE_URL=postgres://…/base_vide MEDIA_ROOT=/chemin/media scripts/restauration.sh DOSSIER
set -euo pipefail
dossier=${1:?"Usage : scripts/restauration.sh DOSSIER_DE_SAUVEGARDE"}
: "${DATABASE_URL:?DATABASE_URL doit désigner une base PostgreSQL vide}"
: "${MEDIA_ROOT:?MEDIA_ROOT doit désigner le dossier des documents à restaurer}"
pg_restore --no-owner --exit-on-error --dbname="$DATABASE_URL" "$dossier/base.dump"
mkdir -p "$MEDIA_ROOT"
tar -xzf "$dossier/media.tar.gz" -C "$MEDIA_ROOT"
echo "Restauration terminée depuis $dossier"
