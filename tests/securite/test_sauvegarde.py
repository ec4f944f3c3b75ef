"""Backup and restore, as documented: dump the database and documents, restore them into a fresh
database and folder, and compare everything that matters."""

import hashlib
import os
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from tests.outils.worker import url_base_de_test

RACINE = Path(__file__).resolve().parent.parent.parent
TABLES = [
    "comptes_user",
    "territoire_collectivite",
    "demandes_demande",
    "demandes_evenement",
    "demandes_message",
    "demandes_piecejointe",
    "operateurs_orientation",
    "comite_seance",
    "notifications_notification",
]

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="sauvegarde : PostgreSQL seulement"
    ),
]


def comptes_des_tables(url):
    sortie = subprocess.run(
        # The table names are the constants above, never input.
        ["psql", url, "-At", "-c", " UNION ALL ".join(f"SELECT count(*) FROM {t}" for t in TABLES)],  # noqa: S608
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [int(ligne) for ligne in sortie.split()]


def empreintes(dossier):
    return {
        str(chemin.relative_to(dossier)): hashlib.sha256(chemin.read_bytes()).hexdigest()
        for chemin in sorted(Path(dossier).rglob("*"))
        if chemin.is_file()
    }


def test_sauvegarder_puis_restaurer_dans_une_base_neuve(tmp_path, settings):
    from demo.chargement import charger_demo

    charger_demo()
    source = url_base_de_test()
    cible_nom = f"{connection.settings_dict['NAME']}_restauration"
    cible = source.rsplit("/", 1)[0] + f"/{cible_nom}"
    admin = source.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {cible_nom}"], check=True)
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {cible_nom}"], check=True)
    try:
        env = {**os.environ, "DATABASE_URL": source, "MEDIA_ROOT": str(settings.MEDIA_ROOT)}
        subprocess.run(
            [RACINE / "scripts/sauvegarde.sh", tmp_path / "sauvegarde"], env=env, check=True
        )
        media_restaure = tmp_path / "media-restaure"
        env = {**os.environ, "DATABASE_URL": cible, "MEDIA_ROOT": str(media_restaure)}
        subprocess.run(
            [RACINE / "scripts/restauration.sh", tmp_path / "sauvegarde"], env=env, check=True
        )

        assert comptes_des_tables(cible) == comptes_des_tables(source)
        assert comptes_des_tables(source)[2] == 11, "les onze demandes de la démo"
        assert empreintes(media_restaure) == empreintes(settings.MEDIA_ROOT)
        assert empreintes(media_restaure), "les documents de la démo sont restaurés"
    finally:
        subprocess.run(
            ["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {cible_nom} WITH (FORCE)"], check=True
        )
