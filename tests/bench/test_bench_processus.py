"""Benchmarks 4 and 5 run end to end, small: ``python -m bench.latence`` and
``python -m bench.charge`` as ``make bench`` would run them, on a scratch database of their
own (BENCH_DEMANDES=300) and the Redis databases of BENCH_REDIS_URL, with gunicorn, a Celery
worker and locust."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

RACINE = Path(__file__).resolve().parent.parent.parent

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="benchmarks : PostgreSQL seulement"
    ),
]


def lancer(module, env):
    return subprocess.run(
        [sys.executable, "-m", module],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def rangee(sortie, debut):
    """The cells of the Markdown table row that starts with ``debut``."""
    ligne = next(ligne for ligne in sortie.splitlines() if ligne.startswith(f"| {debut} |"))
    return [cellule.strip() for cellule in ligne.strip("|").split("|")]


def test_la_latence_du_depot_au_courriel_de_la_prefete_se_mesure(env_du_bench):
    resultat = lancer("bench.latence", {**env_du_bench, "BENCH_DEPOTS": "3"})

    assert resultat.returncode == 0, resultat.stderr[-4000:]
    _, mediane, p95, maximum, nombre = rangee(resultat.stdout, "dépôt → courriel de la préfète")
    assert nombre == "3"
    assert 0 < float(mediane) <= float(p95) <= float(maximum)
    assert "Objectif : p95 sous 1000 ms" in resultat.stdout


def test_la_charge_sur_gunicorn_passe_sans_erreur(env_du_bench):
    if importlib.util.find_spec("locust") is None:
        pytest.skip("locust absent : pip install -e '.[bench]'")
    resultat = lancer(
        "bench.charge",
        {
            **env_du_bench,
            "BENCH_CHARGE_DUREE": "5",
            "BENCH_CHARGE_UTILISATEURS": "4",
            "BENCH_CHARGE_MONTEE": "4",
        },
    )

    assert resultat.returncode == 0, resultat.stdout[-4000:] + resultat.stderr[-4000:]
    _, requetes, erreurs, *_ = rangee(resultat.stdout, "ensemble")
    assert int(requetes) > 0
    assert erreurs == "0"
    assert "erreurs : 0 (objectif : aucune)" in resultat.stdout
