"""Benchmarks 4 and 5 and the France section run end to end, small: ``python -m bench.latence``,
``python -m bench.charge`` and ``python -m bench.france`` as ``make bench`` would run them, on a
scratch database of their own (BENCH_DEMANDES=300) and the Redis databases of BENCH_REDIS_URL,
with gunicorn, a Celery worker and locust."""

import importlib.util
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from tests.outils.worker import base_redis_du_processus, url_base_de_test

RACINE = Path(__file__).resolve().parent.parent.parent

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="benchmarks : PostgreSQL seulement"
    ),
]


def collecter_sans_compresser(racine):
    """The static files and their manifest, which gunicorn needs with DEBUG off, collected as
    a deployment does but not compressed: compressing is a minute of CPU at each run, and
    neither benchmark fetches a static file. The benchmark finds them up to date and keeps them.
    """
    manifeste = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    stockages = {**settings.STORAGES, "staticfiles": {"BACKEND": manifeste}}
    with override_settings(STATIC_ROOT=racine, STORAGES=stockages):
        call_command("collectstatic", "--noinput", verbosity=0)
    return racine


@pytest.fixture(scope="module")
def env_du_bench(tmp_path_factory):
    """The environment of ``make bench`` on a fresh database, dropped afterwards."""
    # The benchmark empties this database and the next one (its cache): only when named.
    if not os.environ.get("BENCH_REDIS_URL"):
        pytest.skip("BENCH_REDIS_URL non défini : benchmarks avec un worker Celery réel")
    # Two databases for each pytest-xdist worker that runs a test of this module.
    bench_redis_url = base_redis_du_processus(os.environ["BENCH_REDIS_URL"], par_processus=2)
    serveur = url_base_de_test().rsplit("/", 1)[0]
    nom = f"guichet_bench_ci_{uuid.uuid4().hex[:8]}"
    subprocess.run(["psql", f"{serveur}/postgres", "-qc", f"CREATE DATABASE {nom}"], check=True)
    # Like `make bench`: no broker nor cache for the benchmark's own process.
    base = {
        cle: valeur
        for cle, valeur in os.environ.items()
        if cle not in {"REDIS_URL", "CELERY_BROKER_URL", "CACHE_URL"}
    }
    yield {
        **base,
        "DATABASE_URL": f"{serveur}/{nom}",
        "DEBUG": "True",
        "BENCH_DEMANDES": "300",
        "BENCH_REDIS_URL": bench_redis_url,
        "STATIC_ROOT": str(collecter_sans_compresser(tmp_path_factory.mktemp("statiques"))),
    }
    for base in (nom, f"{nom}_90"):  # the France section's copy too
        subprocess.run(
            ["psql", f"{serveur}/postgres", "-qc", f"DROP DATABASE IF EXISTS {base} WITH (FORCE)"],
            check=True,
        )


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


PAQUET = "guichet/territoire/npm/node_modules/@etalab/decoupage-administratif"


def test_la_section_toute_la_france_se_mesure(env_du_bench):
    """Two départements (90 and Doubs) and a few hundred demandes, on the same database as the
    tests above (migrated once): territory from the npm package, the 90's copy, its dashboard
    and exports, the national view, a national operator's inbox. No timing checked, only that
    every measure is there."""
    if not os.path.isdir(PAQUET):
        pytest.skip("paquet du territoire absent : make territoire-france")
    env = {
        **env_du_bench,
        "BENCH_FRANCE_DEPARTEMENTS": "90,25",
        "BENCH_FRANCE_DEMANDES": "240",
        "BENCH_FRANCE_BELFORT": "120",
        # Filing → email and the load run bench/latence.py and bench/charge.py, tested above.
        "BENCH_FRANCE_PARTIES": "belfort,nationale,operateur",
        "BENCH_FRANCE_TOURS": "1",
        "BENCH_REPETITIONS": "1",
    }
    resultat = lancer("bench.france", env)

    sortie = resultat.stdout
    assert resultat.returncode == 0, sortie[-4000:] + resultat.stderr[-4000:]
    assert "## Toute la France (issue #23)" in sortie
    assert "240 demandes générées sur 2 départements" in sortie
    for mesure in ("tableau de bord, vue par défaut", "export CSV", "export XLSX"):
        _, seul, france, rapport, _ = rangee(sortie, mesure)
        assert float(seul) >= 0 and float(france) >= 0 and float(rapport) > 0
    assert rangee(sortie, "vue nationale")[1] == "recomptée"
    assert rangee(sortie, "vue nationale, une année")[1] == "recomptée"
    assert "### La boîte d'un opérateur national" in sortie
    for page in ("boîte", "boîte, les demandes du 90", "boîte, page 50", "accueil de l'opérateur"):
        _, ms, requetes, taille = rangee(sortie, page)
        assert float(ms) > 0 and int(requetes) > 0 and int(taille) > 0
