import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from comite import services
from comite.models import Convocation, ModificationOrdreDuJour, PointOrdreDuJour, Seance
from demandes.models import Demande, Statut
from guichet.notifications.models import Notification

from .conftest import DATE_SEANCE

pytestmark = pytest.mark.django_db


def _evenement_ics(notification):
    calendrier = Calendar.from_ical(notification.piece_jointe_contenu)
    return calendrier.walk("VEVENT")[0]


def test_l_etat_planifie_une_seance(client, connecter, comite):
    connecter("prefet@prefecture.demo")
    reponse = client.post(
        "/comite/seances/nouvelle/",
        {
            "seance-date": "2031-06-02T09:30",
            "seance-lieu": "Mairie de Delle",
            "seance-lien_visio": "",
        },
    )
    seance = Seance.objects.get()
    assert reponse.status_code == 302
    assert reponse["Location"] == f"/comite/seances/{seance.pk}/"
    assert timezone.localtime(seance.date).hour == 9
    assert seance.statut == "en_preparation"


def test_une_seance_dans_le_passe_est_refusee(client, connecter, comite):
    connecter("prefet@prefecture.demo")
    reponse = client.post(
        "/comite/seances/nouvelle/", {"seance-date": "2001-06-02T09:30", "seance-lieu": "Delle"}
    )
    assert reponse.status_code == 400
    assert "Choisissez une date et une heure à venir." in reponse.content.decode()
    assert not Seance.objects.exists()


def test_une_demande_non_orientee_est_refusee_avec_un_message_clair(
    client, connecter, seance, en_instruction_delle
):
    connecter("agent@ddt.demo")
    reponse = client.post(
        f"/comite/seances/{seance.pk}/inscrire/",
        {"inscription-demande": en_instruction_delle.pk, "inscription-version": seance.version},
    )
    assert reponse.status_code == 400
    assert (
        "Seule une demande orientée vers des opérateurs s&#x27;inscrit à l&#x27;ordre du jour"
        in reponse.content.decode()
    )
    assert "est « En instruction »" in reponse.content.decode()
    assert not PointOrdreDuJour.objects.exists()
    assert Demande.objects.get(pk=en_instruction_delle.pk).statut == Statut.EN_INSTRUCTION


def test_une_demande_orientee_est_inscrite_au_comite(client, connecter, comptes, seance, orientee):
    connecter("agent@ddt.demo")
    page = client.get(f"/comite/seances/{seance.pk}/")
    assert f'value="{orientee.pk}"' in page.content.decode()
    reponse = client.post(
        f"/comite/seances/{seance.pk}/inscrire/",
        {
            "inscription-demande": orientee.pk,
            "inscription-version": seance.version,
            "inscription-rapporteur": comptes["agent@ddt.demo"].pk,
            "inscription-duree_minutes": "25",
        },
    )
    assert reponse.status_code == 302
    demande = Demande.objects.get(pk=orientee.pk)
    assert demande.statut == Statut.INSCRITE_COMITE
    assert demande.date_inscription_comite is not None
    point = PointOrdreDuJour.objects.get()
    assert (point.ordre, point.rapporteur, point.duree_minutes) == (
        1,
        comptes["agent@ddt.demo"],
        25,
    )
    assert demande.evenements.filter(statut_apres=Statut.INSCRITE_COMITE).exists()
    # Not yet published: nobody is told, and no member sees it.
    assert not Notification.objects.filter(evenement="ordre_du_jour_publie").exists()


def test_une_version_perimee_est_refusee(client, connecter, seance):
    connecter("agent@ddt.demo")
    reponse = client.post(
        f"/comite/seances/{seance.pk}/sujet/",
        {"sujet-sujet": "Point budgétaire", "sujet-version": seance.version + 3},
    )
    assert reponse.status_code == 400
    assert "modifiée entre-temps" in reponse.content.decode()
    assert not PointOrdreDuJour.objects.exists()


def test_l_etat_reordonne_les_points(client, connecter, comptes, seance):
    for sujet in ("Premier", "Deuxième", "Troisième"):
        services.ajouter_sujet(
            seance=seance, par=comptes["agent@ddt.demo"], version=None, sujet=sujet
        )
    seance.refresh_from_db()
    troisieme = PointOrdreDuJour.objects.get(sujet="Troisième")
    connecter("agent@ddt.demo")
    client.post(
        f"/comite/seances/{seance.pk}/points/{troisieme.pk}/deplacer/",
        {"sens": "monter", "version": seance.version},
    )
    assert list(seance.points.values_list("sujet", flat=True)) == [
        "Premier",
        "Troisième",
        "Deuxième",
    ]
    premier = PointOrdreDuJour.objects.get(sujet="Premier")
    page = client.post(
        f"/comite/seances/{seance.pk}/points/{premier.pk}/deplacer/",
        {"sens": "monter"},
        follow=True,
    )
    assert "déjà à cette extrémité" in page.content.decode()


def test_l_etat_designe_le_rapporteur_et_la_duree(client, connecter, comptes, seance):
    point = services.ajouter_sujet(
        seance=seance, par=comptes["agent@ddt.demo"], version=None, sujet="Sujet"
    )
    seance.refresh_from_db()
    connecter("agent@ddt.demo")
    reponse = client.post(
        f"/comite/seances/{seance.pk}/points/{point.pk}/modifier/",
        {
            "rapporteur": comptes["prefet@prefecture.demo"].pk,
            "duree_minutes": "15",
            "version": seance.version,
        },
    )
    assert reponse.status_code == 302
    point.refresh_from_db()
    assert (point.rapporteur, point.duree_minutes) == (comptes["prefet@prefecture.demo"], 15)


def test_publier_convoque_les_membres_avec_une_invitation(
    client, connecter, comptes, seance, orientee
):
    services.inscrire_demande(
        seance=seance, par=comptes["agent@ddt.demo"], version=None, demande=orientee
    )
    seance.refresh_from_db()
    connecter("prefet@prefecture.demo")
    reponse = client.post(f"/comite/seances/{seance.pk}/publier/", {"version": seance.version})
    assert reponse.status_code == 302
    seance.refresh_from_db()
    assert seance.statut == "ordre_du_jour_publie"
    assert seance.date_publication is not None
    notifications = Notification.objects.filter(evenement="ordre_du_jour_publie")
    assert {n.destinataire.email for n in notifications} == {
        "prefet@prefecture.demo",
        "agent@ddt.demo",
        "membre@comite.demo",
    }
    notification = notifications.get(destinataire__email="membre@comite.demo")
    assert notification.piece_jointe_nom == "invitation.ics"
    assert notification.piece_jointe_type == "text/calendar; method=REQUEST"
    evenement = _evenement_ics(notification)
    debut = evenement.decoded("dtstart")
    assert debut.replace(tzinfo=None) == DATE_SEANCE
    assert str(debut.tzinfo) == "Europe/Paris"
    assert evenement["dtstart"].params["TZID"] == "Europe/Paris"
    assert str(evenement["location"]) == "Préfecture, salle Bartholdi"
    assert str(evenement["url"]).endswith(f"/comite/seances/{seance.pk}/")
    assert evenement["uid"].startswith(f"seance-{seance.pk}@")
    # Adding the item changed the séance: a calendar that imported it before holds sequence 0.
    assert evenement.decoded("sequence") == seance.sequence == 1
    assert Convocation.objects.filter(seance=seance).count() == 3


def test_publier_un_ordre_du_jour_vide_est_refuse(client, connecter, seance):
    connecter("prefet@prefecture.demo")
    page = client.post(
        f"/comite/seances/{seance.pk}/publier/", {"version": seance.version}, follow=True
    )
    assert "Ajoutez au moins un point" in page.content.decode()
    assert Seance.objects.get(pk=seance.pk).statut == "en_preparation"


def test_un_changement_apres_publication_est_consigne_et_annonce(
    client, connecter, comptes, seance_publiee
):
    premiere = Notification.objects.get(
        evenement="ordre_du_jour_publie", destinataire__email="membre@comite.demo"
    )
    connecter("agent@ddt.demo")
    client.post(
        f"/comite/seances/{seance_publiee.pk}/sujet/",
        {"sujet-sujet": "Questions diverses", "sujet-version": seance_publiee.version},
    )
    modification = ModificationOrdreDuJour.objects.get()
    assert modification.auteur == comptes["agent@ddt.demo"]
    assert "Questions diverses" in modification.description
    notifications = Notification.objects.filter(
        evenement="ordre_du_jour_publie", destinataire__email="membre@comite.demo"
    )
    assert notifications.count() == 2
    nouvelle = notifications.exclude(pk=premiere.pk).get()
    assert nouvelle.cle != premiere.cle
    assert "Questions diverses" in nouvelle.corps
    assert (
        _evenement_ics(nouvelle).decoded("sequence")
        == _evenement_ics(premiere).decoded("sequence") + 1
    )
    assert _evenement_ics(nouvelle)["uid"] == _evenement_ics(premiere)["uid"]
    page = client.get(f"/comite/seances/{seance_publiee.pk}/").content.decode()
    assert "Historique de la séance" in page


def test_deplacer_la_seance_apres_publication_change_l_invitation(
    client, connecter, seance_publiee
):
    connecter("prefet@prefecture.demo")
    reponse = client.post(
        f"/comite/seances/{seance_publiee.pk}/modifier/",
        {
            "date": "2031-03-19T10:00",
            "lieu": "Préfecture, salle Bartholdi",
            "version": seance_publiee.version,
        },
    )
    assert reponse.status_code == 302
    derniere = Notification.objects.filter(
        evenement="ordre_du_jour_publie", destinataire__email="membre@comite.demo"
    ).first()
    debut = _evenement_ics(derniere).decoded("dtstart")
    assert debut.replace(tzinfo=None) == datetime.datetime(2031, 3, 19, 10, 0)
    assert "date" in ModificationOrdreDuJour.objects.get().description


def test_un_point_interne_ajoute_n_est_pas_nomme_dans_l_annonce(comptes, seance_publiee):
    services.ajouter_sujet(
        seance=seance_publiee,
        par=comptes["agent@ddt.demo"],
        version=None,
        sujet="Dossier confidentiel",
        interne=True,
    )
    derniere = Notification.objects.filter(
        evenement="ordre_du_jour_publie", destinataire__email="membre@comite.demo"
    ).first()
    assert "confidentiel" not in derniere.corps
    assert "confidentiel" not in derniere.piece_jointe_contenu


def test_un_membre_repond_a_la_convocation(client, connecter, seance_publiee):
    connecter("membre@comite.demo")
    url = f"/comite/seances/{seance_publiee.pk}/convocation/"
    refus = client.post(url, {"convocation-reponse": "represente"})
    assert refus.status_code == 400
    assert "Indiquez qui vous représentera." in refus.content.decode()
    reponse = client.post(
        url,
        {"convocation-reponse": "represente", "convocation-represente_par": "Mme Roy, adjointe"},
    )
    assert reponse.status_code == 302
    convocation = Convocation.objects.get(membre__user__email="membre@comite.demo")
    assert (convocation.reponse, convocation.represente_par) == ("represente", "Mme Roy, adjointe")
    assert convocation.date_reponse is not None
    client.post(url, {"convocation-reponse": "present"})
    convocation.refresh_from_db()
    assert (convocation.reponse, convocation.represente_par) == ("present", "")


def test_seul_un_membre_repond_a_la_convocation(client, connecter, seance_publiee):
    connecter("maire@delle.demo")
    reponse = client.post(
        f"/comite/seances/{seance_publiee.pk}/convocation/", {"convocation-reponse": "present"}
    )
    assert reponse.status_code == 403
