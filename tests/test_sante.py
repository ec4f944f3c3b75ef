import os

import pytest

from tests.outils.worker import Worker

pytestmark = pytest.mark.django_db


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
    worker = Worker(redis_url, f"sante-{os.getpid()}")
    try:
        yield worker.demarrer()
    finally:
        worker.arreter()


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
