"""A séance of the Doubs's comité speaks for the Doubs (issue #23): its calendar invitation is
organised by the « Préfecture du Doubs », and its announcements to the members are signed by
the guichet « du Doubs »."""

from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from comite import services
from comite.models import Qualite
from comite.services import comite_du_departement
from tests.factories import UserFactory

from .conftest import DATE_SEANCE


def test_la_seance_du_doubs_est_organisee_par_la_prefecture_du_doubs(
    client, connecter, comptes, prefecture_doubs, doubs, django_capture_on_commit_callbacks
):
    comite = comite_du_departement(doubs)
    membre = UserFactory(email="membre@comite-doubs.essai")
    services.ajouter_membre(comite=comite, user=membre, qualite=Qualite.AUTRE)
    seance = services.planifier_seance(
        comite=comite,
        par=prefecture_doubs,
        date=timezone.make_aware(DATE_SEANCE),
        lieu="Préfecture du Doubs, salle Vauban",
    )
    services.ajouter_sujet(seance=seance, par=prefecture_doubs, version=None, sujet="Bilan")
    with django_capture_on_commit_callbacks(execute=True):
        services.publier_ordre_du_jour(seance=seance, par=prefecture_doubs, version=None)

    connecter(membre.email)
    reponse = client.get(f"/comite/seances/{seance.pk}/invitation.ics")
    assert reponse.status_code == 200
    evenement = Calendar.from_ical(reponse.content).walk("VEVENT")[0]
    assert evenement["organizer"].params["CN"] == "Préfecture du Doubs"
    assert "Belfort" not in reponse.content.decode()

    (courriel,) = [m for m in mail.outbox if m.to == [membre.email]]
    assert "— Le guichet unique du Doubs" in courriel.body
    assert "Guichet unique — Doubs</p>" in courriel.alternatives[0][0]
    nom, contenu, _ = courriel.attachments[0]
    assert nom == "invitation.ics"
    jointe = Calendar.from_ical(contenu).walk("VEVENT")[0]
    assert jointe["organizer"].params["CN"] == "Préfecture du Doubs"


def test_la_seance_du_90_reste_organisee_par_la_prefecture_du_territoire_de_belfort(
    client, connecter, seance_publiee
):
    connecter("membre@comite.demo")
    reponse = client.get(f"/comite/seances/{seance_publiee.pk}/invitation.ics")
    evenement = Calendar.from_ical(reponse.content).walk("VEVENT")[0]
    assert evenement["organizer"].params["CN"] == "Préfecture du Territoire de Belfort"
