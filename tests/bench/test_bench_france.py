"""Issue #23's section of the benchmark, small: ``python -m bench.france`` on two départements
(90 and Doubs) and a few hundred demandes, end to end (territory from the npm package, both
databases, the 90's dashboard and exports, the national view, filing → email, locust with the
agents of both départements). No timing is checked, only that every measure is there."""

import importlib.util
import os
import subprocess

import pytest
from django.db import connection

from tests.bench.test_bench_processus import lancer, rangee
from tests.outils.worker import url_base_de_test

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="benchmarks : PostgreSQL seulement"
    ),
]

PAQUET = "guichet/territoire/npm/node_modules/@etalab/decoupage-administratif"


def test_la_section_toute_la_france_se_mesure(env_du_bench):
    if not os.path.isdir(PAQUET):
        pytest.skip("paquet du territoire absent : make territoire-france")
    if importlib.util.find_spec("locust") is None:
        pytest.skip("locust absent : pip install -e '.[bench]'")
    env = {
        **env_du_bench,
        "BENCH_FRANCE_DEPARTEMENTS": "90,25",
        "BENCH_FRANCE_DEMANDES": "240",
        "BENCH_FRANCE_BELFORT": "120",
        "BENCH_FRANCE_EN_CHARGE": "2",
        "BENCH_FRANCE_TOURS": "1",
        "BENCH_REPETITIONS": "1",
        "BENCH_DEPOTS": "2",
        "BENCH_CHARGE_DUREE": "3",
        "BENCH_CHARGE_UTILISATEURS": "4",
        "BENCH_CHARGE_MONTEE": "4",
    }
    try:
        resultat = lancer("bench.france", env)
    finally:
        base = env["DATABASE_URL"].rsplit("/", 1)[1] + "_90"
        serveur = url_base_de_test().rsplit("/", 1)[0]
        subprocess.run(
            ["psql", f"{serveur}/postgres", "-qc", f"DROP DATABASE IF EXISTS {base} WITH (FORCE)"],
            check=True,
        )

    sortie = resultat.stdout
    assert resultat.returncode == 0, sortie[-4000:] + resultat.stderr[-4000:]
    assert "## Toute la France (issue #23)" in sortie
    assert "240 demandes générées sur 2 départements" in sortie
    for mesure in ("tableau de bord, vue par défaut", "export CSV", "export XLSX"):
        _, seul, france, rapport, _ = rangee(sortie, mesure)
        assert float(seul) >= 0 and float(france) >= 0 and float(rapport) > 0
    assert rangee(sortie, "vue nationale")[1] == "après un changement"
    assert rangee(sortie, "dépôt → courriel de la préfète")[-1] == "2"
    assert "### Charge : agents de l'État de 2 départements" in sortie
    assert rangee(sortie, "ensemble")[2] == "0"
    assert "Tableau de bord sous charge : p95" in sortie
