import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery

pytestmark = pytest.mark.django_db

RACINE = Path(__file__).resolve().parent.parent


def test_sans_broker_les_taches_tournent_dans_le_processus(client, settings):
    settings.CELERY_BROKER_URL = ""
    reponse = client.get("/sante/")
    assert reponse.status_code == 200
    corps = reponse.json()
    assert corps["statut"] == "ok"
    assert corps["services"]["base_de_donnees"]["statut"] == "ok"
    assert reponse["Cache-Control"].startswith("max-age=0")


def test_broker_injoignable_donne_503(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    reponse = client.get("/sante/")
    assert reponse.status_code == 503
    services = reponse.json()["services"]
    assert services["broker"]["statut"] == "indisponible"
    assert services["worker"]["statut"] == "inconnu"
    assert services["base_de_donnees"]["statut"] == "ok"


@pytest.fixture
def worker_celery(redis_url):
    """A real Celery worker process on Redis, stopped at the end of the test."""
    env = {**os.environ, "REDIS_URL": redis_url, "DJANGO_SETTINGS_MODULE": "guichet.settings"}
    processus = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "guichet",
            "worker",
            "--pool=solo",
            "--without-mingle",
            "--without-gossip",
            "-n",
            f"sante-{os.getpid()}@%h",
            "--loglevel=WARNING",
        ],
        cwd=RACINE,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    sonde = Celery(broker=redis_url)
    try:
        limite = time.monotonic() + 45
        while not sonde.control.ping(timeout=0.5):
            if processus.poll() is not None:
                pytest.fail(f"le worker s'est arrêté : {processus.stderr.read().decode()[-2000:]}")
            if time.monotonic() > limite:
                pytest.fail("le worker n'a pas répondu en 45 s")
        yield processus
    finally:
        processus.terminate()
        processus.wait(timeout=30)
        processus.stderr.close()
        sonde.close()


@pytest.mark.redis
def test_broker_et_worker_reels_donnent_200(client, settings, worker_celery, redis_url):
    settings.CELERY_BROKER_URL = redis_url
    reponse = client.get("/sante/")
    assert reponse.status_code == 200, reponse.json()
    services = reponse.json()["services"]
    assert services["broker"]["statut"] == "ok"
    assert services["worker"]["statut"] == "ok"


@pytest.mark.redis
def test_broker_sans_worker_donne_503(client, settings, redis_url):
    # A database number no worker listens on: the broker answers, no worker does.
    settings.CELERY_BROKER_URL = redis_url.rsplit("/", 1)[0] + "/14"
    reponse = client.get("/sante/")
    assert reponse.status_code == 503
    services = reponse.json()["services"]
    assert services["broker"]["statut"] == "ok"
    assert services["worker"]["statut"] == "indisponible"
