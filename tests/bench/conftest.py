"""The benchmarks' scratch environment, shared by the modules of tests/bench/."""

import os
import subprocess
import uuid

import pytest

from tests.outils.worker import base_redis_du_processus, url_base_de_test


@pytest.fixture(scope="module")
def env_du_bench():
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
    }
    subprocess.run(
        ["psql", f"{serveur}/postgres", "-qc", f"DROP DATABASE IF EXISTS {nom} WITH (FORCE)"],
        check=True,
    )
