"""The secretariat of a séance, through its pages: attendance and quorum on the record,
corrected decisions and withdrawn items, written consultations, members' questions, the
members' calendar feed, the convocation's invitation and the public record."""

import datetime
import io

import pytest
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from comite import services
from comite.models import (
    Comite,
    CorrectionDecision,
    MembreComite,
    ModificationOrdreDuJour,
    PointOrdreDuJour,
    Presence,
    Qualite,
    QuestionMembre,
    Seance,
)
from demandes.models import Demande, Evenement, Statut
from guichet.comptes.models import User
from guichet.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _point(seance, titre=None):
    points = PointOrdreDuJour.objects.filter(seance=seance)
    if titre is None:
        return points.get(demande__isnull=False)
    return points.get(sujet=titre)


def _membre(email):
    return MembreComite.objects.get(user__email=email)


def _texte_du_pdf(contenu):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(contenu)).pages)


def _presences(seance, **etats):
    donnees = {}
    for email, (etat, par) in etats.items():
        pk = _membre(email).pk
        donnees[f"etat_{pk}"] = etat
        donnees[f"represente_par_{pk}"] = par
    return donnees


TOUS_PRESENTS = {
    "prefet@prefecture.demo": ("present", ""),
    "agent@ddt.demo": ("represente", "Anne Roy, adjointe au directeur"),
    "membre@comite.demo": ("excuse", ""),
}


# --- Attendance and quorum --------------------------------------------------------------------


def test_l_etat_enregistre_les_presences_et_voit_le_quorum(client, connecter, seance_ouverte):
    Comite.objects.filter(pk=seance_ouverte.comite_id).update(quorum=2)
    client.logout()
    connecter("prefet@prefecture.demo")
    url = f"/comite/seances/{seance_ouverte.pk}/presences/"
    page = client.get(url).content.decode()
    assert "Quorum : 2 membres présents ou représentés" in page
    assert "quorum non atteint" in page

    sans_nom = {**TOUS_PRESENTS, "agent@ddt.demo": ("represente", "")}
    reponse = client.post(url, _presences(seance_ouverte, **sans_nom))
    assert reponse.status_code == 400
    assert "Indiquez qui représente Julien Petit." in reponse.content.decode()
    assert not Presence.objects.exists()

    reponse = client.post(url, _presences(seance_ouverte, **TOUS_PRESENTS))
    assert reponse.status_code == 302
    assert Presence.objects.get(membre=_membre("agent@ddt.demo")).represente_par.startswith("Anne")
    assert "quorum atteint" in client.get(url).content.decode()
    seance = client.get(f"/comite/seances/{seance_ouverte.pk}/").content.decode()
    assert "2 enregistrés — <strong>quorum atteint</strong>" in seance


def test_les_presences_s_enregistrent_le_jour_de_la_seance_seulement(
    client, connecter, seance_publiee
):
    client.logout()
    connecter("prefet@prefecture.demo")
    reponse = client.post(
        f"/comite/seances/{seance_publiee.pk}/presences/",
        _presences(seance_publiee, **TOUS_PRESENTS),
    )
    assert reponse.status_code == 400
    assert "Les présences s&#x27;enregistrent le jour de la séance." in reponse.content.decode()
    assert not Presence.objects.exists()


def test_un_membre_n_enregistre_pas_les_presences(client, connecter, seance_ouverte):
    client.logout()
    connecter("membre@comite.demo")
    url = f"/comite/seances/{seance_ouverte.pk}/presences/"
    assert client.get(url).status_code == 403
    assert client.post(url, _presences(seance_ouverte, **TOUS_PRESENTS)).status_code == 403
    assert not Presence.objects.exists()


def _tenir(seance, prefet):
    for point in seance.points.filter(decision="", date_retrait__isnull=True):
        services.decider(
            point=point, par=prefet, version=None, decision="pour_information", mode="seance"
        )
    services.clore_seance(seance=seance, par=prefet, version=None)
    return services.publier_releve(seance=seance, par=prefet, version=None)


def test_le_releve_pdf_liste_les_presents_comme_un_proces_verbal(
    client, connecter, comptes, seance_ouverte
):
    Comite.objects.filter(pk=seance_ouverte.comite_id).update(quorum=3)
    client.logout()
    connecter("prefet@prefecture.demo")
    client.post(
        f"/comite/seances/{seance_ouverte.pk}/presences/",
        _presences(seance_ouverte, **TOUS_PRESENTS),
    )
    _tenir(seance_ouverte, comptes["prefet@prefecture.demo"])
    client.logout()
    connecter("membre@comite.demo")
    reponse = client.get(f"/comite/seances/{seance_ouverte.pk}/releve-de-decisions.pdf")
    assert reponse.status_code == 200
    texte = " ".join(_texte_du_pdf(reponse.content).split())
    assert "Présents : Hélène Dubois (Président (préfet))." in texte
    assert "Représentés : Julien Petit (DDT), par Anne Roy, adjointe au directeur." in texte
    assert "Excusés : Marc Lefebvre (Autre)." in texte
    assert "Quorum : 3 membres présents ou représentés requis ; 2 présents ou représentés" in texte
    assert "quorum non atteint" in texte


# --- Corrections and withdrawals ----------------------------------------------------------------


def test_une_decision_corrigee_previent_a_nouveau_et_garde_l_ancienne(
    client, connecter, comptes, seance_ouverte, orientee
):
    prefet = comptes["prefet@prefecture.demo"]
    point = _point(seance_ouverte)
    services.decider(
        point=point,
        par=prefet,
        version=None,
        decision="defavorable",
        mode="seance",
        commentaire="Dossier incomplet.",
    )
    client.logout()
    connecter("prefet@prefecture.demo")
    url = f"/comite/seances/{seance_ouverte.pk}/points/{point.pk}/corriger/"
    assert client.get(url).status_code == 200
    reponse = client.post(url, {"decision": "favorable", "commentaire": "", "motif": ""})
    assert reponse.status_code == 400
    assert "Indiquez le motif de la correction." in reponse.content.decode()

    reponse = client.post(
        url,
        {
            "decision": "favorable",
            "commentaire": "Accompagnement par le Cerema.",
            "motif": "Erreur de saisie : le comité a émis un avis favorable.",
        },
    )
    assert reponse.status_code == 302
    point.refresh_from_db()
    assert point.decision == "favorable"
    correction = CorrectionDecision.objects.get(point=point)
    assert (correction.ancienne_decision, correction.ancien_commentaire) == (
        "defavorable",
        "Dossier incomplet.",
    )
    assert Demande.objects.get(pk=orientee.pk).statut == Statut.ACCOMPAGNEE
    evenement = Evenement.objects.get(demande=orientee, libelle__contains="corrigée")
    assert "avis défavorable devient avis favorable" in evenement.libelle
    assert "Erreur de saisie" in evenement.detail
    # The former decision's event stays in the timeline.
    assert Evenement.objects.filter(demande=orientee, libelle__contains="avis défavorable").exists()
    prevenus = set(
        Notification.objects.filter(cle__startswith="correction_decision:").values_list(
            "destinataire__email", flat=True
        )
    )
    assert {"maire@delle.demo", "contact@cerema.demo"} <= prevenus
    assert ModificationOrdreDuJour.objects.filter(description__contains="corrigée").exists()
    page = client.get(f"/comite/seances/{seance_ouverte.pk}/").content.decode()
    assert "Avis défavorable devient avis favorable" in page


def test_une_decision_ne_se_corrige_pas_sans_changement(client, connecter, comptes, seance_ouverte):
    point = _point(seance_ouverte, "Point d'étape PVD")
    services.decider(
        point=point,
        par=comptes["prefet@prefecture.demo"],
        version=None,
        decision="pour_information",
        mode="seance",
    )
    client.logout()
    connecter("prefet@prefecture.demo")
    reponse = client.post(
        f"/comite/seances/{seance_ouverte.pk}/points/{point.pk}/corriger/",
        {"decision": "pour_information", "commentaire": "", "motif": "Rien"},
    )
    assert reponse.status_code == 400
    assert not CorrectionDecision.objects.exists()


def test_un_point_retire_reste_dans_l_historique_et_la_demande_revient_orientee(
    client, connecter, comptes, seance_ouverte, orientee
):
    point = _point(seance_ouverte)
    client.logout()
    connecter("prefet@prefecture.demo")
    url = f"/comite/seances/{seance_ouverte.pk}/points/{point.pk}/retirer/"
    assert client.post(url, {"motif": ""}).status_code == 400
    reponse = client.post(url, {"motif": "Le plan de financement n'est pas bouclé."})
    assert reponse.status_code == 302
    point.refresh_from_db()
    assert point.date_retrait is not None
    assert Demande.objects.get(pk=orientee.pk).statut == Statut.ORIENTEE
    assert Evenement.objects.filter(
        demande=orientee, libelle__contains="Retirée de l'ordre du jour"
    ).exists()
    assert ModificationOrdreDuJour.objects.filter(description__contains="Point retiré").exists()
    assert Notification.objects.filter(
        cle__startswith="retrait_point:", destinataire__email="maire@delle.demo"
    ).exists()
    page = client.get(f"/comite/seances/{seance_ouverte.pk}/").content.decode()
    assert "Retiré de l'ordre du jour" in page
    assert f'/points/{point.pk}/decision/"' not in page
    # A withdrawn item needs no decision for the record to be published.
    seance = _tenir(seance_ouverte, comptes["prefet@prefecture.demo"])
    assert seance.releve_publie


# --- Written consultation -----------------------------------------------------------------------


def test_une_consultation_ecrite_de_bout_en_bout(client, connecter, comptes, seance_publiee):
    point = _point(seance_publiee, "Point d'étape PVD")
    client.logout()
    connecter("prefet@prefecture.demo")
    reponse = client.post(
        f"/comite/seances/{seance_publiee.pk}/points/{point.pk}/consultation/",
        {"question": "Le comité prend-il acte du point d'étape ?", "date_limite": "2031-03-01"},
    )
    assert reponse.status_code == 302
    url = reponse["Location"]
    assert Notification.objects.filter(
        cle__startswith="consultation_ouverte:", destinataire__email="membre@comite.demo"
    ).exists()
    # Open on the item: no decision at the table meanwhile.
    page = client.get(f"/comite/seances/{seance_publiee.pk}/").content.decode()
    assert f'/points/{point.pk}/decision/"' not in page
    assert "Consultation écrite ouverte" in page

    client.logout()

    connecter("membre@comite.demo")
    page = client.get(url).content.decode()
    assert "Le comité prend-il acte du point d&#x27;étape ?" in page
    assert client.post(url, {"avis": ""}).status_code == 400
    reponse = client.post(url, {"avis": "favorable", "commentaire": "Bon avancement."})
    assert reponse.status_code == 302
    assert "Bon avancement." in client.get(url).content.decode()
    assert client.post(f"{url}clore/", {"decision": "favorable"}).status_code == 403

    client.logout()

    connecter("agent@ddt.demo")
    client.post(url, {"avis": "abstention"})
    reponse = client.post(f"{url}clore/", {"decision": "pour_information", "commentaire": ""})
    assert reponse.status_code == 302
    point.refresh_from_db()
    assert point.decision == "pour_information"
    assert point.mode_decision == "consultation_ecrite"
    assert "1 avis favorable, 0 avis défavorable, 1 abstention" in point.commentaire

    client.logout()

    connecter("membre@comite.demo")
    reponse = client.post(url, {"avis": "defavorable"})
    assert reponse.status_code == 400
    assert "Cette consultation écrite est close." in reponse.content.decode()
    page = client.get(f"/comite/seances/{seance_publiee.pk}/").content.decode()
    assert "Décidé par consultation écrite le" in page


def test_une_collectivite_ne_lit_pas_une_consultation(client, connecter, comptes, seance_publiee):
    consultation = services_secretariat().ouvrir_consultation(
        point=_point(seance_publiee, "Point d'étape PVD"),
        par=comptes["prefet@prefecture.demo"],
        question="Avis ?",
    )
    client.logout()
    connecter("maire@delle.demo")
    assert client.get(f"/comite/consultations/{consultation.pk}/").status_code == 404


def services_secretariat():
    from comite.secretariat import services as secretariat

    return secretariat


# --- Members' questions -------------------------------------------------------------------------


@pytest.fixture
def representant(comptes, comite):
    user = User.objects.get(email="maire@belfort.demo")
    services.ajouter_membre(comite=comite, user=user, qualite=Qualite.REPRESENTANT_COLLECTIVITES)
    return user


def test_une_question_est_lue_par_l_etat_et_les_membres_et_pas_plus(
    client, connecter, seance_publiee, representant
):
    public = _point(seance_publiee, "Point d'étape PVD")
    interne = _point(seance_publiee, "Crédits DSIL 2031")
    client.logout()
    connecter("membre@comite.demo")
    for point, texte in ((public, "Quel calendrier pour PVD ?"), (interne, "Montant DSIL ?")):
        url = f"/comite/seances/{seance_publiee.pk}/points/{point.pk}/questions/"
        assert client.post(url, {"texte": texte}).status_code == 302
    assert QuestionMembre.objects.count() == 2

    public_url = f"/comite/seances/{seance_publiee.pk}/points/{public.pk}/questions/"
    interne_url = f"/comite/seances/{seance_publiee.pk}/points/{interne.pk}/questions/"
    client.logout()
    connecter("maire@belfort.demo")  # a member who represents collectivités
    assert "Quel calendrier pour PVD ?" in client.get(public_url).content.decode()
    assert client.get(interne_url).status_code == 404
    assert client.post(interne_url, {"texte": "Et moi ?"}).status_code == 404

    client.logout()

    connecter("maire@delle.demo")  # its demande is on the agenda; it is no member
    assert client.get(public_url).status_code == 403
    assert (
        "Quel calendrier"
        not in client.get(f"/comite/seances/{seance_publiee.pk}/").content.decode()
    )

    client.logout()

    connecter("agent@ddt.demo")
    question = QuestionMembre.objects.get(point=public)
    reponse = client.post(
        f"/comite/questions/{question.pk}/repondre/", {"reponse": "Fin des travaux en 2032."}
    )
    assert reponse.status_code == 302
    assert Notification.objects.filter(
        cle__startswith=f"reponse_question:{question.pk}:", destinataire__email="membre@comite.demo"
    ).exists()
    client.logout()
    connecter("membre@comite.demo")
    assert "Fin des travaux en 2032." in client.get(public_url).content.decode()
    reponse = client.post(f"/comite/questions/{question.pk}/repondre/", {"reponse": "Non"})
    assert reponse.status_code == 403


def test_pas_de_question_une_fois_la_seance_commencee(client, connecter, seance_ouverte):
    point = _point(seance_ouverte, "Point d'étape PVD")
    client.logout()
    connecter("membre@comite.demo")
    url = f"/comite/seances/{seance_ouverte.pk}/points/{point.pk}/questions/"
    page = client.get(url).content.decode()
    assert "Poser une question" not in page
    assert client.post(url, {"texte": "Trop tard ?"}).status_code == 400
    assert not QuestionMembre.objects.exists()


# --- Calendar feed and invitation ---------------------------------------------------------------


def _evenements(contenu):
    return Calendar.from_ical(contenu).walk("VEVENT")


def test_le_flux_d_agenda_suit_la_seance_et_se_revoque(client, connecter, comptes, seance_publiee):
    client.logout()
    connecter("membre@comite.demo")
    assert client.get("/comite/agenda/").status_code == 200
    assert client.post("/comite/agenda/renouveler/").status_code == 302
    jeton = _membre("membre@comite.demo").jeton_agenda
    assert (
        f"webcal://testserver/comite/agenda/{jeton}.ics"
        in client.get("/comite/agenda/").content.decode()
    )

    client.logout()
    # Last changed yesterday: the feed says when, to the second.
    hier = timezone.now() - datetime.timedelta(days=1)
    Seance.objects.filter(pk=seance_publiee.pk).update(modifiee_le=hier)
    url = f"/comite/agenda/{jeton}.ics"
    reponse = client.get(url)
    assert reponse.status_code == 200
    assert reponse["Content-Type"].startswith("text/calendar")
    (evenement,) = _evenements(reponse.content)
    assert evenement["uid"] == f"seance-{seance_publiee.pk}@127.0.0.1"
    sequence, modifiee = evenement["sequence"], evenement["last-modified"].dt
    assert "Point d'étape PVD" in str(evenement["description"])
    assert "Crédits DSIL" not in str(evenement["description"])

    seance_publiee.refresh_from_db()
    services.modifier_seance(
        seance=seance_publiee,
        par=comptes["prefet@prefecture.demo"],
        version=None,
        date=seance_publiee.date,
        lieu="Maison du département",
        lien_visio="",
    )
    (evenement,) = _evenements(client.get(url).content)
    assert evenement["sequence"] > sequence
    assert evenement["last-modified"].dt > modifiee
    assert str(evenement["location"]) == "Maison du département"

    client.logout()

    connecter("membre@comite.demo")
    client.post("/comite/agenda/renouveler/")
    client.logout()
    assert client.get(url).status_code == 404
    nouveau = _membre("membre@comite.demo").jeton_agenda
    assert client.get(f"/comite/agenda/{nouveau}.ics").status_code == 200


def test_une_seance_en_preparation_reste_hors_du_flux(client, seance):
    jeton = services_secretariat().renouveler_jeton_agenda(membre=_membre("membre@comite.demo"))
    assert _evenements(client.get(f"/comite/agenda/{jeton}.ics").content) == []


def test_le_flux_est_celui_des_membres(client, connecter, comite):
    client.logout()
    connecter("maire@delle.demo")
    assert client.get("/comite/agenda/").status_code == 403
    assert client.get("/comite/agenda/inconnu.ics").status_code == 404


def test_la_convocation_ics_est_une_requete_dont_partstat_suit_la_reponse_du_portail(
    client, connecter, seance_publiee
):
    client.logout()
    connecter("membre@comite.demo")
    client.post(
        f"/comite/seances/{seance_publiee.pk}/convocation/", {"convocation-reponse": "absent"}
    )
    reponse = client.get(f"/comite/seances/{seance_publiee.pk}/invitation.ics")
    assert "method=REQUEST" in reponse["Content-Type"]
    calendrier = Calendar.from_ical(reponse.content)
    assert calendrier["method"] == "REQUEST"
    (evenement,) = calendrier.walk("VEVENT")
    assert str(evenement["organizer"]).startswith("mailto:")
    participants = evenement["attendee"]
    partstat = {str(p).removeprefix("mailto:"): p.params["PARTSTAT"] for p in participants}
    assert partstat == {
        "prefet@prefecture.demo": "NEEDS-ACTION",
        "agent@ddt.demo": "NEEDS-ACTION",
        "membre@comite.demo": "DECLINED",
    }
    client.post(
        f"/comite/seances/{seance_publiee.pk}/convocation/", {"convocation-reponse": "present"}
    )
    evenement = _evenements(
        client.get(f"/comite/seances/{seance_publiee.pk}/invitation.ics").content
    )[0]
    partstat = {str(p).removeprefix("mailto:"): p.params["PARTSTAT"] for p in evenement["attendee"]}
    assert partstat["membre@comite.demo"] == "ACCEPTED"


# --- The public record --------------------------------------------------------------------------


def test_le_releve_public_omet_les_points_internes_et_suit_le_reglage_du_comite(
    client, comptes, seance_ouverte
):
    seance = _tenir(seance_ouverte, comptes["prefet@prefecture.demo"])
    assert client.get("/comite/releves/").status_code == 200
    assert client.get(f"/comite/releves/{seance.pk}/").status_code == 404
    Comite.objects.filter(pk=seance.comite_id).update(releves_publics=True)
    liste = client.get("/comite/releves/").content.decode()
    assert f'href="/comite/releves/{seance.pk}/"' in liste
    page = client.get(f"/comite/releves/{seance.pk}/").content.decode()
    assert "Point d&#x27;étape PVD" in page
    assert "Rénovation de la salle des fêtes" in page
    assert "Crédits DSIL" not in page
    assert "Présences non enregistrées." in page


def test_le_releve_public_n_existe_qu_une_fois_publie(client, seance_ouverte):
    Comite.objects.filter(pk=seance_ouverte.comite_id).update(releves_publics=True)
    assert client.get(f"/comite/releves/{seance_ouverte.pk}/").status_code == 404
    assert Seance.objects.filter(pk=seance_ouverte.pk).exists()


def _requetes(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as requetes:
        assert client.get(url).status_code == 200
    return len(requetes)


@pytest.mark.parametrize("email", ["agent@ddt.demo", "membre@comite.demo"])
def test_les_questions_et_corrections_ne_coutent_pas_une_requete_par_point(
    client, connecter, comptes, seance_publiee, email, django_assert_max_num_queries
):
    prefet = comptes["prefet@prefecture.demo"]
    url = f"/comite/seances/{seance_publiee.pk}/"

    def questionner():
        for point in PointOrdreDuJour.objects.filter(seance=seance_publiee, questions=None):
            QuestionMembre.objects.create(point=point, auteur=prefet, texte="Question ?")

    questionner()
    connecter(email)
    avant = _requetes(client, url)
    for numero in range(3):
        services.ajouter_sujet(
            seance=seance_publiee, par=prefet, version=None, sujet=f"Sujet {numero}"
        )
    questionner()
    assert _requetes(client, url) == avant
    with django_assert_max_num_queries(40):
        client.get(url)


def test_l_accueil_du_membre_mene_a_la_consultation_a_laquelle_repondre(
    client, connecter, comptes, seance_publiee
):
    consultation = services_secretariat().ouvrir_consultation(
        point=_point(seance_publiee, "Point d'étape PVD"),
        par=comptes["prefet@prefecture.demo"],
        question="Avis ?",
    )
    connecter("membre@comite.demo")
    lien = f'href="/comite/consultations/{consultation.pk}/"'
    assert lien in client.get("/").content.decode()
    client.post(f"/comite/consultations/{consultation.pk}/", {"avis": "abstention"})
    assert lien not in client.get("/").content.decode()
