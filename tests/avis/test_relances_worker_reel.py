"""The reminders through real Celery workers on Redis, against PostgreSQL: the tasks run twice,
on two workers at once, and each reminder still leaves once (one email, one timeline line).

Emails are written by the workers to files (Django's file backend), one file per email.
"""

import datetime
import os

import pytest
from django.utils import timezone

from avis import tasks as taches_avis
from avis.models import Avis
from demandes import services as demandes
from demandes import tasks
from demandes.models import DemandeComplement, Evenement, Relance
from operateurs.models import Orientation
from tests.demandes.conftest import creer
from tests.notifications.test_worker_reel import courriels
from tests.outils.worker import Worker, attendre

from .conftest import demander

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ATTENDUS = ["claire.martin@dreal.example", "contact@anah.demo", "maire@delle.demo"]


def rappels(dossier):
    """The reminders among the emails the workers wrote (the others are the avis's request and
    the complement's)."""
    return [m for m in courriels(dossier) if "Rappel" in m["Subject"]]


@pytest.fixture
def deux_workers(broker_reel, tmp_path):
    dossier = tmp_path / "courriels"
    dossier.mkdir()
    workers = []
    for nom in ("r1", "r2"):
        workers.append(
            Worker(
                broker_reel,
                f"{nom}-{os.getpid()}",
                journal=tmp_path / f"worker-{nom}.log",
                EMAIL_BACKEND="tests.outils.courriel.BackendLent",
                EMAIL_FILE_PATH=dossier,
                GUICHET_TEST_MARQUEUR=tmp_path / f"marqueur-{nom}",
                GUICHET_TEST_LENTEUR=0,
            ).demarrer()
        )
    yield dossier
    for worker in workers:
        worker.arreter()


def test_chaque_relance_part_une_seule_fois_meme_lancee_deux_fois_en_parallele(
    comptes, orientee, deux_workers
):
    il_y_a_onze_jours = timezone.now() - datetime.timedelta(days=11)
    Orientation.objects.filter(demande=orientee).update(date_orientation=il_y_a_onze_jours)
    demander(comptes, orientee)
    Avis.objects.update(date_limite=timezone.localdate() - datetime.timedelta(days=1))
    a_completer = creer(comptes, titre="Demande à compléter")
    a_completer = demandes.prendre_en_charge(
        demande=a_completer, par=comptes["agent@ddt.demo"], version=None
    )
    demandes.demander_complement(
        demande=a_completer,
        par=comptes["agent@ddt.demo"],
        version=None,
        points=[("Le devis signé", "incomplet")],
    )
    DemandeComplement.objects.update(date_ouverture=il_y_a_onze_jours)
    for _ in range(2):
        tasks.envoyer_les_relances.delay()
        taches_avis.relancer_les_experts.delay()

    assert attendre(lambda: Relance.objects.count() >= 3, delai=60)
    assert attendre(lambda: len(rappels(deux_workers)) >= 3, delai=60)
    assert not attendre(lambda: len(rappels(deux_workers)) > 3, delai=5)
    assert sorted(message["To"] for message in rappels(deux_workers)) == ATTENDUS
    assert Relance.objects.count() == 3
    assert Evenement.objects.filter(type="relance").count() == 2
    assert Evenement.objects.filter(libelle__startswith="Relance envoyée à Claire").count() == 1
