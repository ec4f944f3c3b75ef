"""Delivery through a real Celery worker on the local Redis, against PostgreSQL.

Emails are written by the worker to files (Django's file backend), one file per email.
"""

import email
import os

import pytest
from django.utils import timezone

from demandes.models import Demande
from guichet.notifications import tasks
from guichet.notifications.models import Notification, StatutEnvoi
from guichet.territoire.models import Thematique
from tests.conftest import brancher_celery
from tests.demandes.conftest import donnees_completes
from tests.outils.worker import Worker, attendre

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESTINATAIRES = ["agent@ddt.demo", "maire@delle.demo", "prefet@prefecture.demo"]


def courriels(dossier):
    messages = []
    for fichier in sorted(dossier.glob("*.log")):
        # The file backend separates messages with a line of 79 dashes.
        for bloc in fichier.read_text().split("-" * 79):
            if bloc.strip():
                messages.append(email.message_from_string(bloc.strip()))
    return messages


def destinataires(dossier):
    return sorted(message["To"] for message in courriels(dossier))


def deposer(client, connecter):
    connecter("maire@delle.demo")
    themes = list(Thematique.objects.filter(slug="eau-potable").values_list("pk", flat=True))
    return client.post(
        "/demandes/nouvelle/",
        {**donnees_completes(), "thematiques": themes, "deposer": "1"},
        follow=True,
    )


@pytest.fixture
def dossier_courriels(tmp_path):
    dossier = tmp_path / "courriels"
    dossier.mkdir()
    return dossier


@pytest.fixture
def worker(broker_reel, dossier_courriels, tmp_path):
    workers = []

    def _demarrer(nom="w1", lenteur=0):
        w = Worker(
            broker_reel,
            f"{nom}-{os.getpid()}",
            journal=tmp_path / f"worker-{nom}.log",
            EMAIL_BACKEND="tests.outils.courriel.BackendLent",
            EMAIL_FILE_PATH=dossier_courriels,
            GUICHET_TEST_MARQUEUR=tmp_path / f"marqueur-{nom}",
            GUICHET_TEST_LENTEUR=lenteur,
            CELERY_VISIBILITY_TIMEOUT=3,
            CELERY_UNACKED_RESTORE_INTERVAL=1,
            CELERY_UNACKED_RESTORE_THROTTLE=1,
        )
        workers.append(w)
        return w.demarrer()

    yield _demarrer
    for w in workers:
        w.arreter()


def test_un_depot_par_http_arrive_une_fois_chez_le_prefet_et_la_ddt(
    client, connecter, comptes, worker, dossier_courriels
):
    worker()
    reponse = deposer(client, connecter)
    assert "Demande déposée sous la référence" in reponse.content.decode()
    assert attendre(lambda: len(courriels(dossier_courriels)) >= 3)
    assert not attendre(lambda: len(courriels(dossier_courriels)) > 3, delai=3)
    assert destinataires(dossier_courriels) == DESTINATAIRES
    assert set(Notification.objects.values_list("statut", flat=True)) == {StatutEnvoi.ENVOYEE}


def test_redis_injoignable_au_depot_puis_livraison_au_retour(
    client, connecter, comptes, broker_reel, worker, dossier_courriels
):
    brancher_celery("redis://127.0.0.1:1/0", eager=False)
    reponse = deposer(client, connecter)
    assert "Demande déposée sous la référence" in reponse.content.decode()
    assert Demande.objects.get().statut == "deposee"
    assert Notification.objects.filter(statut=StatutEnvoi.A_ENVOYER).count() == 3

    brancher_celery(broker_reel, eager=False)
    worker()
    Notification.objects.update(prochaine_tentative=timezone.now())
    assert tasks.relancer_notifications() == 3
    assert attendre(lambda: len(courriels(dossier_courriels)) >= 3)
    assert not attendre(lambda: len(courriels(dossier_courriels)) > 3, delai=3)
    assert destinataires(dossier_courriels) == DESTINATAIRES


def test_un_worker_tue_pendant_l_envoi_le_courriel_part_une_seule_fois(
    client, connecter, comptes, worker, dossier_courriels, tmp_path
):
    premier = worker("w1", lenteur=30)
    deposer(client, connecter)
    assert attendre(lambda: (tmp_path / "marqueur-w1").exists()), "l'envoi n'a pas commencé"
    premier.tuer()
    assert courriels(dossier_courriels) == []

    worker("w2", lenteur=0)
    assert attendre(lambda: len(courriels(dossier_courriels)) >= 3, delai=60)
    assert not attendre(lambda: len(courriels(dossier_courriels)) > 3, delai=5)
    assert destinataires(dossier_courriels) == DESTINATAIRES
    assert set(Notification.objects.values_list("statut", flat=True)) == {StatutEnvoi.ENVOYEE}
