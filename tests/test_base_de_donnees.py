"""The portal's PostgreSQL connections: JIT and parallel query off (see guichet/settings.py and
bench/charge.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

RACINE = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_le_jit_et_les_requetes_paralleles_sont_coupes_sur_les_connexions_du_portail():
    if connection.vendor != "postgresql":
        pytest.skip("réglage propre à PostgreSQL (DATABASE_URL)")
    with connection.cursor() as curseur:
        curseur.execute("SHOW jit")
        assert curseur.fetchone()[0] == "off"
        curseur.execute("SHOW max_parallel_workers_per_gather")
        assert curseur.fetchone()[0] == "0"


def test_les_options_de_database_url_sont_gardees_avec_le_jit_coupe():
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    resultat = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=RACINE,
        env={
            **os.environ,
            "DATABASE_URL": "postgres://u@127.0.0.1:5432/g?options=-c%20statement_timeout%3D5000",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.strip().splitlines()[-1] == (
        "{'options': '-c statement_timeout=5000 -c jit=off -c max_parallel_workers_per_gather=0'}"
    )
