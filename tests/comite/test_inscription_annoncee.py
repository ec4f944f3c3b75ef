"""When a demande goes on a published agenda, its collectivité and the operators it is routed to
hear of it: date, place, what comes next. An internal item is for the operators only."""

import datetime

import pytest
from django.core import mail

from comite import services
from demandes import services as demandes
from guichet.notifications.models import Notification
from operateurs import services as operateurs
from tests.demandes.conftest import creer

from .conftest import orienter

pytestmark = pytest.mark.django_db

COLLECTIVITE_ET_OPERATEURS = {"maire@delle.demo", "contact@cerema.demo", "contact@anah.demo"}


def _prevenus(evenement=None):
    lignes = Notification.objects.filter(
        evenement__in=[evenement] if evenement else ["inscrite_comite", "inscrite_comite_operateur"]
    )
    return set(lignes.values_list("destinataire__email", flat=True))


def test_la_publication_previent_la_collectivite_et_les_operateurs(
    client, connecter, comptes, seance, orientee, django_capture_on_commit_callbacks
):
    services.inscrire_demande(
        seance=seance, par=comptes["prefet@prefecture.demo"], version=None, demande=orientee
    )
    # An agenda in preparation may still change: nobody is told yet.
    assert _prevenus() == set()
    seance.refresh_from_db()
    connecter("prefet@prefecture.demo")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/comite/seances/{seance.pk}/publier/", {"version": seance.version})
    # Cerema accepted, Anah has not answered yet: both are routed to it.
    assert _prevenus() == COLLECTIVITE_ET_OPERATEURS
    assert _prevenus("inscrite_comite") == {"maire@delle.demo"}
    courriel = next(m for m in mail.outbox if m.to == ["maire@delle.demo"])
    assert "Examen par le comité le 12 mars 2031" in courriel.subject
    assert "mercredi 12 mars 2031 à 14:30, Préfecture, salle Bartholdi" in courriel.body
    assert "Vous serez prévenu de sa décision." in courriel.body
    assert "Rien n'est attendu de vous d'ici là" in courriel.body
    assert f"/demandes/{orientee.pk}/" in courriel.body
    operateur = next(m for m in mail.outbox if m.to == ["contact@anah.demo"])
    assert "qui vous est orientée" in operateur.body
    assert "acceptez ou déclinez l'orientation si ce n'est fait" in operateur.body
    assert "Les opérateurs qui accompagnent la demande seront prévenus" in operateur.body


def test_une_demande_ajoutee_a_un_ordre_du_jour_publie_est_annoncee(
    client, connecter, comptes, seance_publiee
):
    autre = creer(comptes, titre="Maison de santé")
    autre = demandes.prendre_en_charge(
        demande=autre, par=comptes["agent@ddt.demo"], version=autre.version
    )
    autre = orienter(comptes, autre)
    Notification.objects.all().delete()
    seance_publiee.refresh_from_db()
    connecter("agent@ddt.demo")
    client.post(
        f"/comite/seances/{seance_publiee.pk}/inscrire/",
        {"inscription-demande": autre.pk, "inscription-version": seance_publiee.version},
    )
    lignes = Notification.objects.filter(evenement="inscrite_comite")
    assert {n.destinataire.email for n in lignes} == {"maire@delle.demo"}
    assert "« Maison de santé »" in lignes.get().corps


def test_un_point_interne_n_est_annonce_qu_aux_operateurs(comptes, seance, orientee):
    prefet = comptes["prefet@prefecture.demo"]
    point = services.inscrire_demande(
        seance=seance, par=prefet, version=None, demande=orientee, interne=True
    )
    services.publier_ordre_du_jour(seance=seance, par=prefet, version=None)
    assert _prevenus() == {"contact@cerema.demo", "contact@anah.demo"}
    corps = Notification.objects.filter(evenement="inscrite_comite_operateur").first().corps
    assert "la collectivité n'en est pas informée" in corps
    # Nor does the collectivité read the séance in the demande's history.
    assert not orientee.evenements.filter(detail__contains="Séance").exists()
    # The item made public: the collectivité learns of it now, the operators are not told twice.
    services.modifier_point(
        point=point, par=prefet, version=None, rapporteur=None, duree_minutes=20, interne=False
    )
    assert _prevenus("inscrite_comite") == {"maire@delle.demo"}
    assert Notification.objects.filter(evenement="inscrite_comite_operateur").count() == 2


def test_une_seance_deplacee_est_annoncee_de_nouveau(comptes, seance_publiee):
    Notification.objects.all().delete()
    services.modifier_seance(
        seance=seance_publiee,
        par=comptes["prefet@prefecture.demo"],
        version=None,
        date=seance_publiee.date + datetime.timedelta(days=7),
        lieu="Mairie de Delle",
    )
    assert _prevenus() == COLLECTIVITE_ET_OPERATEURS
    corps = Notification.objects.get(evenement="inscrite_comite").corps
    assert corps.startswith("La séance a changé (date : mercredi 12 mars 2031 à 14:30 → ")
    assert "mercredi 19 mars 2031 à 14:30, Mairie de Delle" in corps


def test_un_operateur_qui_a_decline_n_est_pas_prevenu(comptes, seance, orientee):
    anah = orientee.orientations.get(operateur__slug="anah")
    operateurs.decliner(orientation=anah, par=comptes["contact@anah.demo"], motif="Hors champ")
    prefet = comptes["prefet@prefecture.demo"]
    services.inscrire_demande(seance=seance, par=prefet, version=None, demande=orientee)
    services.publier_ordre_du_jour(seance=seance, par=prefet, version=None)
    assert _prevenus() == {"maire@delle.demo", "contact@cerema.demo"}
