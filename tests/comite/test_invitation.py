"""The séance's .ics invitation, read back with the icalendar library: a request from the
préfecture to the members, with their answers, that lasts as long as the page says and that
calendars update in place."""

import datetime

import pytest
from django.core import mail
from icalendar import Calendar

from comite import services

from .conftest import DATE_SEANCE

pytestmark = pytest.mark.django_db


def _calendrier(client, seance):
    reponse = client.get(f"/comite/seances/{seance.pk}/invitation.ics")
    assert reponse.status_code == 200
    return Calendar.from_ical(reponse.content)


def _participants(evenement):
    participants = evenement.get("attendee", [])
    if not isinstance(participants, list):
        participants = [participants]
    return {str(p).removeprefix("mailto:"): p.params for p in participants}


@pytest.fixture
def seance_de_80_minutes(comptes, seance, orientee):
    prefet = comptes["prefet@prefecture.demo"]
    services.inscrire_demande(
        seance=seance, par=prefet, version=None, demande=orientee, duree_minutes=30
    )
    services.ajouter_sujet(
        seance=seance, par=prefet, version=None, sujet="Point PVD", duree_minutes=35
    )
    services.ajouter_sujet(
        seance=seance,
        par=prefet,
        version=None,
        sujet="Crédits DSIL",
        duree_minutes=15,
        interne=True,
    )
    return services.publier_ordre_du_jour(seance=seance, par=prefet, version=None)


def test_l_invitation_dure_autant_que_la_seance_affichee(client, connecter, seance_de_80_minutes):
    connecter("membre@comite.demo")
    page = client.get(f"/comite/seances/{seance_de_80_minutes.pk}/").content.decode()
    assert "Durée prévue : 80 minutes" in page
    evenement = _calendrier(client, seance_de_80_minutes).walk("VEVENT")[0]
    debut, fin = evenement.decoded("dtstart"), evenement.decoded("dtend")
    assert debut.replace(tzinfo=None) == DATE_SEANCE
    assert fin - debut == datetime.timedelta(minutes=80)


def test_l_invitation_est_une_demande_de_la_prefecture_aux_membres(
    client, connecter, comptes, seance_de_80_minutes, settings
):
    services.repondre_convocation(
        seance=seance_de_80_minutes, par=comptes["agent@ddt.demo"], reponse="absent"
    )
    services.repondre_convocation(
        seance=seance_de_80_minutes,
        par=comptes["membre@comite.demo"],
        reponse="represente",
        represente_par="Mme Roy",
    )
    connecter("membre@comite.demo")
    calendrier = _calendrier(client, seance_de_80_minutes)
    assert str(calendrier["method"]) == "REQUEST"
    evenement = calendrier.walk("VEVENT")[0]
    organisateur = evenement["organizer"]
    assert str(organisateur) == "mailto:ne-pas-repondre@guichet-unique.local"
    assert organisateur.params["CN"] == "Préfecture du Territoire de Belfort"
    participants = _participants(evenement)
    assert set(participants) == {
        "prefet@prefecture.demo",
        "agent@ddt.demo",
        "membre@comite.demo",
    }
    assert participants["prefet@prefecture.demo"]["PARTSTAT"] == "NEEDS-ACTION"
    assert participants["prefet@prefecture.demo"]["ROLE"] == "CHAIR"
    assert participants["agent@ddt.demo"]["PARTSTAT"] == "DECLINED"
    assert participants["membre@comite.demo"]["PARTSTAT"] == "DELEGATED"
    assert participants["membre@comite.demo"]["CN"] == str(comptes["membre@comite.demo"])
    services.repondre_convocation(
        seance=seance_de_80_minutes, par=comptes["prefet@prefecture.demo"], reponse="present"
    )
    evenement = _calendrier(client, seance_de_80_minutes).walk("VEVENT")[0]
    assert _participants(evenement)["prefet@prefecture.demo"]["PARTSTAT"] == "ACCEPTED"
    assert f"/comite/seances/{seance_de_80_minutes.pk}/" in str(evenement["description"])


def test_l_organisateur_se_configure(client, connecter, seance_de_80_minutes, settings):
    settings.COMITE_ORGANISATEUR = "Secrétariat du comité <comite@territoire-de-belfort.gouv.fr>"
    connecter("prefet@prefecture.demo")
    organisateur = _calendrier(client, seance_de_80_minutes).walk("VEVENT")[0]["organizer"]
    assert str(organisateur) == "mailto:comite@territoire-de-belfort.gouv.fr"
    assert organisateur.params["CN"] == "Secrétariat du comité"


def test_la_collectivite_recoit_l_ordre_du_jour_public_sans_les_participants(
    client, connecter, seance_de_80_minutes
):
    connecter("maire@delle.demo")
    reponse = client.get(f"/comite/seances/{seance_de_80_minutes.pk}/invitation.ics")
    assert "method=PUBLISH" in reponse["Content-Type"]
    calendrier = Calendar.from_ical(reponse.content)
    assert str(calendrier["method"]) == "PUBLISH"
    evenement = calendrier.walk("VEVENT")[0]
    assert "attendee" not in evenement
    assert "organizer" not in evenement
    assert "Crédits DSIL" not in str(evenement["description"])
    # The séance lasts as long for everyone.
    assert evenement.decoded("dtend") - evenement.decoded("dtstart") == datetime.timedelta(
        minutes=80
    )


def test_la_sequence_augmente_a_chaque_changement_et_l_uid_reste(
    client, connecter, comptes, seance, orientee
):
    connecter("prefet@prefecture.demo")
    avant = _calendrier(client, seance).walk("VEVENT")[0]
    services.modifier_seance(
        seance=seance,
        par=comptes["prefet@prefecture.demo"],
        version=None,
        date=seance.date + datetime.timedelta(hours=1),
        lieu=seance.lieu,
    )
    apres_deplacement = _calendrier(client, seance).walk("VEVENT")[0]
    services.inscrire_demande(
        seance=seance, par=comptes["prefet@prefecture.demo"], version=None, demande=orientee
    )
    seance = services.publier_ordre_du_jour(
        seance=seance, par=comptes["prefet@prefecture.demo"], version=None
    )
    publiee = _calendrier(client, seance).walk("VEVENT")[0]
    services.ajouter_sujet(
        seance=seance, par=comptes["agent@ddt.demo"], version=None, sujet="Questions diverses"
    )
    modifiee = _calendrier(client, seance).walk("VEVENT")[0]
    sequences = [e.decoded("sequence") for e in (avant, apres_deplacement, publiee, modifiee)]
    assert sequences == sorted(set(sequences))
    assert len({e["uid"] for e in (avant, apres_deplacement, publiee, modifiee)}) == 1


def test_le_courriel_de_convocation_porte_une_invitation_que_les_agendas_reconnaissent(
    comptes, seance, orientee, django_capture_on_commit_callbacks
):
    services.inscrire_demande(
        seance=seance, par=comptes["prefet@prefecture.demo"], version=None, demande=orientee
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.publier_ordre_du_jour(
            seance=seance, par=comptes["prefet@prefecture.demo"], version=None
        )
    courriel = next(m for m in mail.outbox if m.to == ["membre@comite.demo"])
    piece = next(p for p in courriel.message().walk() if p.get_content_type() == "text/calendar")
    assert piece.get_param("method") == "REQUEST"
    calendrier = Calendar.from_ical(piece.get_payload(decode=True))
    assert str(calendrier["method"]) == "REQUEST"
    assert "membre@comite.demo" in _participants(calendrier.walk("VEVENT")[0])
