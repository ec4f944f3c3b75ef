"""The suite empties no Redis database but the one REDIS_URL_TESTS names, whatever REDIS_URL
says: checked on a Redis server of its own, started here, each of whose 16 databases holds a
marker, by running the Redis tests that empty a database in a pytest of their own."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

RACINE = Path(__file__).resolve().parent.parent
BASES = range(16)
# Tests that empty a database without starting a worker (a worker needs PostgreSQL).
TESTS_QUI_VIDENT = [
    "tests/test_sante.py::test_broker_sans_worker_donne_503",
]

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server absent")


@pytest.fixture
def serveur(tmp_path):
    """A throwaway Redis server on a free port, a marker in each of its databases."""
    with socket.socket() as prise:
        prise.bind(("127.0.0.1", 0))
        port = prise.getsockname()[1]
    options = ["--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"]
    processus = subprocess.Popen(
        ["redis-server", *options, "--dir", str(tmp_path)], stdout=subprocess.DEVNULL
    )
    clients = [redis.Redis(port=port, db=base) for base in BASES]
    try:
        limite = time.monotonic() + 10
        while True:
            try:
                clients[0].ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > limite:
                    raise
                time.sleep(0.05)
        for base, client in enumerate(clients):
            client.set("temoin", base)
        yield f"redis://127.0.0.1:{port}", clients
    finally:
        for client in clients:
            client.close()
        processus.terminate()
        processus.wait(timeout=10)


def _pytest(**env):
    ignorees = {"REDIS_URL", "REDIS_URL_TESTS", "BENCH_REDIS_URL", "CELERY_BROKER_URL"}
    ignorees |= {"CACHE_URL", "DATABASE_URL"}  # SQLite: no test database shared with this run
    # A single pytest process, whatever pytest-xdist worker runs this test.
    ignorees |= {cle for cle in os.environ if cle.startswith("PYTEST_XDIST_")}
    base = {cle: valeur for cle, valeur in os.environ.items() if cle not in ignorees}
    # Tables without the migrations' history and data: what is checked here is which Redis
    # databases the run empties, and migrating SQLite took most of the run's half minute.
    options = ["-q", "-rs", "-p", "no:cacheprovider", "--nomigrations"]
    return subprocess.run(
        [sys.executable, "-m", "pytest", *options, *TESTS_QUI_VIDENT],
        cwd=RACINE,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def _bases_marquees(clients):
    return [base for base, client in enumerate(clients) if client.get("temoin") is not None]


def test_sans_redis_url_tests_aucune_base_n_est_videe(serveur):
    url, clients = serveur
    resultat = _pytest(REDIS_URL=f"{url}/0")
    assert resultat.returncode == 0, resultat.stdout[-3000:] + resultat.stderr[-3000:]
    assert _bases_marquees(clients) == list(BASES)
    assert resultat.stdout.count("REDIS_URL_TESTS non défini") == len(TESTS_QUI_VIDENT)


def test_seule_la_base_de_redis_url_tests_est_videe(serveur):
    url, clients = serveur
    resultat = _pytest(REDIS_URL=f"{url}/0", REDIS_URL_TESTS=f"{url}/5")
    assert resultat.returncode == 0, resultat.stdout[-3000:] + resultat.stderr[-3000:]
    assert f"{len(TESTS_QUI_VIDENT)} passed" in resultat.stdout
    assert _bases_marquees(clients) == [base for base in BASES if base != 5]
