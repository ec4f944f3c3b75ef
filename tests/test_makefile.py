"""What ``make run`` starts: the emails' links point at the address it serves."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make absent")


def commande_de_run(*arguments, **environnement):
    """The command ``make run`` would start the server with (``make -n`` runs nothing)."""
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | environnement
    sortie = subprocess.run(
        ["make", "-n", "run", *arguments],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (ligne,) = [ligne for ligne in sortie.splitlines() if "runserver" in ligne]
    return ligne


def test_make_run_donne_aux_courriels_l_adresse_qu_il_sert():
    assert commande_de_run() == (
        'SITE_URL="http://127.0.0.1:8000" .venv/bin/python manage.py runserver 127.0.0.1:8000'
    )
    assert commande_de_run("HOST=127.0.0.1:8123").startswith('SITE_URL="http://127.0.0.1:8123" ')
    assert commande_de_run("HOST=127.0.0.1:8123").endswith("runserver 127.0.0.1:8123")


def test_un_site_url_donne_l_emporte():
    assert commande_de_run("HOST=0.0.0.0:8080", SITE_URL="https://guichet.exemple.fr").startswith(
        'SITE_URL="https://guichet.exemple.fr" '
    )
    assert commande_de_run("HOST=0.0.0.0:8080", "SITE_URL=http://poste-dev:8080").startswith(
        'SITE_URL="http://poste-dev:8080" '
    )


def test_le_portail_lance_par_make_run_ecrit_ses_liens_avec_ce_port():
    ligne = commande_de_run("HOST=127.0.0.1:8123")
    lu = ligne.replace(
        "runserver 127.0.0.1:8123",
        "shell -c 'from django.conf import settings; print(settings.SITE_URL)'",
    )
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    sortie = subprocess.run(
        ["bash", "-c", lu], cwd=RACINE, env=env, capture_output=True, text=True, check=True
    )
    assert sortie.stdout.splitlines()[-1] == "http://127.0.0.1:8123"
