"""Webhooks through a real Celery worker on the local Redis, against PostgreSQL, to a real
receiver on the loopback: a worker killed in the middle of a delivery loses nothing and
doubles nothing (the message comes again under the same ``webhook-id``, once)."""

import os

import pytest

from api import services as api_services
from api.models import EnvoiWebhook, StatutEnvoiWebhook
from guichet.comptes.organisations import Organisation
from guichet.territoire.models import Departement
from tests.demandes.conftest import creer
from tests.outils.recepteur_webhooks import Recepteur
from tests.outils.worker import Worker, attendre

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def worker(broker_reel, tmp_path):
    workers = []

    def _demarrer(nom):
        w = Worker(
            broker_reel,
            f"{nom}-{os.getpid()}",
            journal=tmp_path / f"worker-{nom}.log",
            CELERY_VISIBILITY_TIMEOUT=3,
            CELERY_UNACKED_RESTORE_INTERVAL=1,
            CELERY_UNACKED_RESTORE_THROTTLE=1,
            WEBHOOKS_DELAI_RESEAU=60,
        )
        workers.append(w)
        return w.demarrer()

    yield _demarrer
    for w in workers:
        w.arreter()


def test_un_worker_tue_pendant_l_envoi_l_evenement_arrive_une_fois(comptes, worker):
    with Recepteur() as recepteur:
        abonnement = api_services.abonner(
            par=comptes["prefet@prefecture.demo"],
            organisation=Organisation(
                service="prefecture", departement=Departement.objects.par_defaut()
            ),
            url=recepteur.url,
            evenements=["demande.deposee"],
        )
        recepteur.secret = abonnement.secret
        recepteur.lenteur = 20
        premier = worker("w1")
        creer(comptes, titre="Premier")
        creer(comptes, titre="Second")
        assert attendre(lambda: recepteur.debuts), "l'envoi n'a pas commencé"
        premier.tuer()
        recepteur.lenteur = 0
        worker("w2")
        assert attendre(
            lambda: EnvoiWebhook.objects.filter(statut=StatutEnvoiWebhook.ENVOYE).count() == 2,
            delai=60,
        )
        assert not attendre(lambda: EnvoiWebhook.objects.count() > 2, delai=3)
        envois = set(EnvoiWebhook.objects.values_list("identifiant", flat=True))
        recus = {identifiant for identifiant, _ in recepteur.recus}
        # Every event arrived, each under one id; the delivery the kill interrupted came again
        # under the same id, which the receiver ignores the second time.
        assert recus == envois
        assert len(envois) == 2
        assert set(recepteur.debuts) == envois
        assert recepteur.refuses == 0
