"""The morning reminders: operators that neither accepted nor declined a routing, collectivités
whose complement stays open, experts past their deadline; each once per delay, recorded in the
demande's timeline."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from avis import tasks as taches_avis
from avis.models import Avis
from demandes import services as demandes
from demandes import tasks
from demandes.models import ConfigurationRelances, DemandeComplement, Evenement, Relance
from operateurs.models import Orientation

from .conftest import demander

pytestmark = pytest.mark.django_db


def il_y_a(jours):
    return timezone.now() - datetime.timedelta(days=jours)


def destinataires():
    return sorted(m.to[0] for m in mail.outbox)


def test_l_operateur_silencieux_est_relance_une_seule_fois_par_delai(
    comptes, orientee, django_capture_on_commit_callbacks
):
    # Anah never answered the routing (Cerema accepted it).
    Orientation.objects.filter(demande=orientee).update(date_orientation=il_y_a(11))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.envoyer_les_relances() == {"operateurs": 1, "collectivites": 0}
        assert tasks.envoyer_les_relances() == {"operateurs": 0, "collectivites": 0}
    assert destinataires() == ["contact@anah.demo"]
    assert "attend toujours que vous l'acceptiez ou la déclinez" in mail.outbox[0].body
    ligne = Evenement.objects.get(demande=orientee, type="relance")
    assert ligne.libelle == "Relance envoyée à l'Anah : orientation sans réponse"
    # A new delay set in the admin is a new reminder, once too.
    ConfigurationRelances.objects.update(relance_operateur=5)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.envoyer_les_relances()["operateurs"] == 1
        assert tasks.envoyer_les_relances()["operateurs"] == 0
    assert Relance.objects.count() == 2


def test_pas_de_relance_avant_le_delai_ni_quand_elles_sont_coupees(comptes, orientee):
    Orientation.objects.filter(demande=orientee).update(date_orientation=il_y_a(9))
    assert tasks.envoyer_les_relances() == {"operateurs": 0, "collectivites": 0}
    Orientation.objects.filter(demande=orientee).update(date_orientation=il_y_a(30))
    ConfigurationRelances.objects.update(relances_actives=False)
    assert tasks.envoyer_les_relances() == {"operateurs": 0, "collectivites": 0}
    assert taches_avis.relancer_les_experts() == 0


def test_la_collectivite_dont_le_complement_reste_ouvert_est_relancee_une_fois(
    client, connecter, comptes, en_instruction_delle, django_capture_on_commit_callbacks
):
    demandes.demander_complement(
        demande=en_instruction_delle,
        par=comptes["agent@ddt.demo"],
        version=None,
        points=[("Le devis signé", "incomplet")],
    )
    DemandeComplement.objects.update(date_ouverture=il_y_a(10))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.envoyer_les_relances()["collectivites"] == 1
        assert tasks.envoyer_les_relances()["collectivites"] == 0
    assert destinataires() == ["maire@delle.demo"]
    assert f"/demandes/{en_instruction_delle.pk}/completer/" in mail.outbox[0].body
    # The collectivité reads the reminder in its demande's timeline.
    connecter("maire@delle.demo")
    page = client.get(f"/demandes/{en_instruction_delle.pk}/").content.decode()
    assert "Rappel envoyé à la collectivité : précisions toujours attendues" in page


def test_l_expert_en_retard_est_relance_une_fois_par_date_limite(
    comptes, orientee, django_capture_on_commit_callbacks
):
    avis = demander(comptes, orientee)
    Avis.objects.update(date_limite=timezone.localdate() - datetime.timedelta(days=1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert taches_avis.relancer_les_experts() == 1
        assert taches_avis.relancer_les_experts() == 0
    assert destinataires() == ["claire.martin@dreal.example"]
    assert "/avis/" in mail.outbox[0].body
    assert Evenement.objects.filter(
        demande=orientee, libelle__startswith="Relance envoyée à Claire Martin"
    ).exists()
    # The agent gives a new deadline; once it is past too, one more reminder.
    Avis.objects.filter(pk=avis.pk).update(
        date_limite=timezone.localdate() - datetime.timedelta(days=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert taches_avis.relancer_les_experts() == 1
        assert taches_avis.relancer_les_experts() == 0


def test_un_avis_rendu_ou_revoque_n_est_pas_relance(comptes, orientee):
    from avis import services

    rendu = demander(comptes, orientee)
    services.repondre_avis(avis=rendu, texte="Favorable.")
    revoque = demander(comptes, orientee)
    services.revoquer_avis(avis=revoque, par=comptes["agent@ddt.demo"])
    Avis.objects.update(date_limite=timezone.localdate() - datetime.timedelta(days=3))
    assert taches_avis.relancer_les_experts() == 0
