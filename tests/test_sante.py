import os

import pytest

from guichet.comptes import services as comptes
from guichet.comptes.models import User
from guichet.comptes.roles import Role
from tests.outils.worker import Worker

pytestmark = pytest.mark.django_db

BROKER_INJOIGNABLE = "redis://127.0.0.1:1/0"  # nothing listens there


@pytest.fixture
def administrateur(client, connecter):
    """A client logged in as an administrator who is not a superuser."""
    user = User.objects.create_user("exploitation@guichet.demo", password="mot-de-passe-90-90")
    comptes.attribuer_role(user=user, role=Role.ADMINISTRATEUR)
    return connecter(user.email, "mot-de-passe-90-90")


def test_un_visiteur_apprend_seulement_que_le_portail_marche(client, settings):
    settings.CELERY_BROKER_URL = ""
    reponse = client.get("/sante/")
    assert reponse.status_code == 200
    assert reponse.json() == {"statut": "ok"}
    assert reponse["Cache-Control"].startswith("max-age=0")


def test_un_visiteur_apprend_seulement_que_le_portail_ne_marche_pas(client, settings):
    settings.CELERY_BROKER_URL = BROKER_INJOIGNABLE
    reponse = client.get("/sante/")
    assert reponse.status_code == 503
    assert reponse.json() == {"statut": "indisponible"}


def test_une_collectivite_n_a_pas_le_detail(client, settings):
    settings.CELERY_BROKER_URL = BROKER_INJOIGNABLE
    client.force_login(User.objects.create_user("maire@exemple.demo"))
    assert client.get("/sante/").json() == {"statut": "indisponible"}


def test_sans_broker_les_taches_tournent_dans_le_processus(administrateur, settings):
    settings.CELERY_BROKER_URL = ""
    reponse = administrateur.get("/sante/")
    assert reponse.status_code == 200
    corps = reponse.json()
    assert corps["statut"] == "ok"
    assert corps["services"]["base_de_donnees"]["statut"] == "ok"
    assert corps["services"]["worker"]["detail"].startswith("aucun broker")


def test_broker_injoignable_donne_503_et_l_administrateur_voit_lequel(administrateur, settings):
    settings.CELERY_BROKER_URL = BROKER_INJOIGNABLE
    reponse = administrateur.get("/sante/")
    assert reponse.status_code == 503
    services = reponse.json()["services"]
    assert services["broker"]["statut"] == "indisponible"
    assert services["worker"]["statut"] == "inconnu"
    assert services["base_de_donnees"]["statut"] == "ok"


def test_un_superutilisateur_voit_le_detail(client, settings):
    settings.CELERY_BROKER_URL = BROKER_INJOIGNABLE
    client.force_login(User.objects.create_superuser("root@guichet.demo"))
    assert client.get("/sante/").json()["services"]["broker"]["statut"] == "indisponible"


def test_la_supervision_voit_le_detail_avec_le_jeton(client, settings):
    settings.CELERY_BROKER_URL = ""
    settings.SANTE_JETON = "jeton-de-supervision-assez-long"
    avec_jeton = client.get("/sante/", HTTP_AUTHORIZATION="Bearer jeton-de-supervision-assez-long")
    assert avec_jeton.json()["services"]["base_de_donnees"]["statut"] == "ok"
    for autre in ("Bearer mauvais-jeton", "jeton-de-supervision-assez-long", "Bearer é", ""):
        reponse = client.get("/sante/", HTTP_AUTHORIZATION=autre)
        assert reponse.json() == {"statut": "ok"}, autre


def test_sans_jeton_configure_aucun_en_tete_ne_donne_le_detail(client, settings):
    settings.CELERY_BROKER_URL = ""
    settings.SANTE_JETON = ""
    assert client.get("/sante/", HTTP_AUTHORIZATION="Bearer ").json() == {"statut": "ok"}


@pytest.fixture
def worker_celery(broker_reel):
    worker = Worker(broker_reel, f"sante-{os.getpid()}")
    try:
        yield worker.demarrer()
    finally:
        worker.arreter()


@pytest.mark.redis
def test_broker_et_worker_reels_donnent_200(administrateur, settings, broker_reel, worker_celery):
    settings.CELERY_BROKER_URL = broker_reel
    reponse = administrateur.get("/sante/")
    assert reponse.status_code == 200, reponse.json()
    services = reponse.json()["services"]
    assert services["broker"]["statut"] == "ok"
    assert services["worker"]["statut"] == "ok"


@pytest.mark.redis
def test_broker_sans_worker_donne_503(administrateur, settings, broker_de_test):
    # The tests' own database, where no worker listens: the broker answers, no worker does.
    settings.CELERY_BROKER_URL = broker_de_test
    reponse = administrateur.get("/sante/")
    assert reponse.status_code == 503
    services = reponse.json()["services"]
    assert services["broker"]["statut"] == "ok"
    assert services["worker"]["statut"] == "indisponible"
