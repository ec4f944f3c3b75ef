import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from comite import services
from comite.models import PointOrdreDuJour, Seance
from demandes import services as demandes
from demandes.models import Demande, Statut
from guichet.notifications.models import Notification
from tests.demandes.conftest import creer

from .conftest import orienter, ouvrir

pytestmark = pytest.mark.django_db


def _point_demande(seance):
    return PointOrdreDuJour.objects.get(seance=seance, demande__isnull=False)


def _decider(client, seance, point, decision, commentaire="", mode="seance"):
    seance.refresh_from_db()
    return client.post(
        f"/comite/seances/{seance.pk}/points/{point.pk}/decision/",
        {"decision": decision, "mode": mode, "commentaire": commentaire, "version": seance.version},
    )


def test_un_avis_favorable_accompagne_la_demande_et_previent_collectivite_et_operateurs(
    client, connecter, seance_ouverte, orientee
):
    connecter("prefet@prefecture.demo")
    point = _point_demande(seance_ouverte)
    reponse = _decider(client, seance_ouverte, point, "favorable", "Priorité du territoire.")
    assert reponse.status_code == 302
    demande = Demande.objects.get(pk=orientee.pk)
    assert demande.statut == Statut.ACCOMPAGNEE
    assert demande.date_accompagnement is not None
    point.refresh_from_db()
    assert (point.decision, point.commentaire) == ("favorable", "Priorité du territoire.")
    destinataires = set(
        Notification.objects.filter(evenement="decision_comite").values_list(
            "destinataire__email", flat=True
        )
    )
    # Cerema accepted the routing; Anah never answered, so it is not "concerned".
    assert destinataires == {"maire@delle.demo", "contact@cerema.demo"}
    notification = Notification.objects.get(
        evenement="decision_comite", destinataire__email="maire@delle.demo"
    )
    assert "avis favorable" in notification.sujet
    assert "Priorité du territoire." in notification.corps


def test_un_ajournement_renvoie_la_demande_a_orientee(client, connecter, seance_ouverte, orientee):
    connecter("agent@ddt.demo")
    _decider(client, seance_ouverte, _point_demande(seance_ouverte), "ajourne")
    assert Demande.objects.get(pk=orientee.pk).statut == Statut.ORIENTEE
    assert Notification.objects.filter(
        evenement="decision_comite", destinataire__email="contact@cerema.demo"
    ).exists()


@pytest.mark.parametrize("decision", ["defavorable", "pour_information"])
def test_defavorable_ou_pour_information_laisse_le_statut(
    client, connecter, seance_ouverte, orientee, decision
):
    connecter("agent@ddt.demo")
    _decider(client, seance_ouverte, _point_demande(seance_ouverte), decision)
    assert Demande.objects.get(pk=orientee.pk).statut == Statut.INSCRITE_COMITE
    assert Notification.objects.filter(
        evenement="decision_comite", destinataire__email="maire@delle.demo"
    ).exists()
    dernier = Demande.objects.get(pk=orientee.pk).evenements.last()
    assert dernier.libelle.startswith("Décision du comité du ")


def test_une_decision_ne_s_enregistre_qu_une_fois(client, connecter, seance_ouverte):
    connecter("agent@ddt.demo")
    point = _point_demande(seance_ouverte)
    _decider(client, seance_ouverte, point, "favorable")
    reponse = _decider(client, seance_ouverte, point, "defavorable")
    assert reponse.status_code == 400
    assert "Une décision est déjà enregistrée pour ce point." in reponse.content.decode()
    point.refresh_from_db()
    assert point.decision == "favorable"


def test_pas_de_decision_avant_la_publication(client, connecter, comptes, seance, orientee):
    point = services.inscrire_demande(
        seance=seance, par=comptes["agent@ddt.demo"], version=None, demande=orientee
    )
    connecter("agent@ddt.demo")
    reponse = _decider(client, seance, point, "favorable")
    assert reponse.status_code == 400
    assert Demande.objects.get(pk=orientee.pk).statut == Statut.INSCRITE_COMITE


def test_clore_puis_publier_le_releve(client, connecter, seance_ouverte):
    connecter("prefet@prefecture.demo")
    url = f"/comite/seances/{seance_ouverte.pk}/"
    seance_ouverte.refresh_from_db()
    client.post(url + "clore/", {"version": seance_ouverte.version})
    seance = Seance.objects.get(pk=seance_ouverte.pk)
    assert seance.statut == "tenue"
    refus = client.post(url + "publier-releve/", {"version": seance.version}, follow=True)
    assert "3 points sans décision" in refus.content.decode()
    for point in seance.points.all():
        _decider(client, seance, point, "pour_information")
    seance.refresh_from_db()
    client.post(url + "publier-releve/", {"version": seance.version})
    seance.refresh_from_db()
    assert seance.statut == "releve_publie"
    assert Notification.objects.filter(
        evenement="releve_publie", destinataire__email="membre@comite.demo"
    ).exists()
    # A held séance's agenda is frozen.
    refus = client.post(url + "sujet/", {"sujet-sujet": "Tardif", "sujet-version": seance.version})
    assert "ne change plus" in refus.content.decode()


def test_une_demande_ajournee_se_reinscrit_a_une_seance_suivante(comptes, seance_ouverte, orientee):
    prefet = comptes["prefet@prefecture.demo"]
    services.decider(
        point=_point_demande(seance_ouverte),
        par=prefet,
        version=None,
        decision="ajourne",
        mode="seance",
    )
    suivante = Seance.objects.create(
        comite=seance_ouverte.comite, date=seance_ouverte.date, lieu="Delle"
    )
    services.inscrire_demande(seance=suivante, par=prefet, version=None, demande=orientee)
    assert Demande.objects.get(pk=orientee.pk).statut == Statut.INSCRITE_COMITE


def test_une_demande_deja_inscrite_ne_l_est_pas_deux_fois(comptes, seance_ouverte, orientee):
    with pytest.raises(ValidationError, match="Seule une demande orientée"):
        services.inscrire_demande(
            seance=seance_ouverte,
            par=comptes["prefet@prefecture.demo"],
            version=None,
            demande=Demande.objects.get(pk=orientee.pk),
        )


def test_un_membre_ne_peut_pas_inscrire_une_demande(comptes, seance):
    demande = creer(comptes, titre="Autre")
    demande = demandes.prendre_en_charge(
        demande=demande, par=comptes["agent@ddt.demo"], version=demande.version
    )
    demande = orienter(comptes, demande)
    with pytest.raises(PermissionDenied, match="Action réservée à la préfecture et à la DDT"):
        services.inscrire_demande(
            seance=seance, par=comptes["membre@comite.demo"], version=None, demande=demande
        )


def test_une_decision_en_seance_avant_l_ouverture_est_refusee(
    client, connecter, seance_publiee, orientee
):
    connecter("prefet@prefecture.demo")
    point = _point_demande(seance_publiee)
    formulaire = client.get(f"/comite/seances/{seance_publiee.pk}/points/{point.pk}/decision/")
    assert "seule une décision déjà prise par consultation écrite" in formulaire.content.decode()
    reponse = _decider(client, seance_publiee, point, "favorable", "Trop tôt.")
    assert reponse.status_code == 400
    page = reponse.content.decode()
    assert (
        "La séance n&#x27;a pas encore commencé (elle est prévue le 12 mars 2031 à 14:30)" in page
    )
    assert "« Par consultation écrite »" in page
    point.refresh_from_db()
    assert (point.decision, point.mode_decision, point.date_decision) == ("", "", None)
    assert Demande.objects.get(pk=orientee.pk).statut == Statut.INSCRITE_COMITE
    assert not Notification.objects.filter(evenement="decision_comite").exists()


def test_une_seance_ne_se_marque_tenue_qu_a_partir_de_son_ouverture(
    client, connecter, seance_publiee
):
    connecter("prefet@prefecture.demo")
    seance_publiee.refresh_from_db()
    page = client.post(
        f"/comite/seances/{seance_publiee.pk}/clore/",
        {"version": seance_publiee.version},
        follow=True,
    ).content.decode()
    assert "La séance n&#x27;a pas encore commencé" in page
    assert Seance.objects.get(pk=seance_publiee.pk).statut == "ordre_du_jour_publie"


def _aujourd_hui():
    from django.utils import formats, timezone

    return formats.date_format(timezone.localtime(), "j F Y")


def test_une_decision_par_consultation_ecrite_avant_la_seance_le_dit_partout(
    client, connecter, comptes, seance_publiee, orientee, django_capture_on_commit_callbacks
):
    connecter("agent@ddt.demo")
    point = _point_demande(seance_publiee)
    with django_capture_on_commit_callbacks(execute=True):
        reponse = _decider(
            client,
            seance_publiee,
            point,
            "favorable",
            "Sous réserve de l'étude hydraulique.",
            mode="consultation_ecrite",
        )
    assert reponse.status_code == 302
    point.refresh_from_db()
    assert point.mode_decision == "consultation_ecrite"
    assert point.decide_par == comptes["agent@ddt.demo"]
    assert Demande.objects.get(pk=orientee.pk).statut == Statut.ACCOMPAGNEE

    courriel = next(m for m in mail.outbox if m.to == ["maire@delle.demo"])
    assert f"Décidé par consultation écrite le {_aujourd_hui()} : avis favorable." in courriel.body
    assert "réuni le" not in courriel.body
    assert "inscrite à l'ordre du jour de sa séance du 12 mars 2031" in courriel.body
    assert "Sous réserve de l'étude hydraulique." in courriel.body
    assert "La demande est désormais « Accompagnée »" in courriel.body

    page = client.get(f"/comite/seances/{seance_publiee.pk}/").content.decode()
    assert f"Décidé par consultation écrite le {_aujourd_hui()}." in page

    client.post("/comptes/deconnexion/")
    connecter("maire@delle.demo")
    page = client.get(f"/demandes/{orientee.pk}/").content.decode()
    assert f"Par consultation écrite des membres, le {_aujourd_hui()}" in page
    assert f"Décision du comité du {_aujourd_hui()}, par consultation écrite : avis favorable" in (
        page
    )


def test_le_releve_dit_la_consultation_ecrite(
    client, connecter, comptes, seance_publiee, monkeypatch
):
    from comite import pdf

    prefet = comptes["prefet@prefecture.demo"]
    points = list(seance_publiee.points.all())
    services.decider(
        point=points[0], par=prefet, version=None, decision="favorable", mode="consultation_ecrite"
    )
    ouvrir(seance_publiee)
    for point in points[1:]:
        services.decider(
            point=point, par=prefet, version=None, decision="pour_information", mode="seance"
        )
    services.clore_seance(seance=seance_publiee, par=prefet, version=None)
    services.publier_releve(seance=seance_publiee, par=prefet, version=None)
    rendus = []
    rendre = pdf.render_to_string

    def garder(gabarit, contexte):
        rendus.append(rendre(gabarit, contexte))
        return rendus[-1]

    monkeypatch.setattr(pdf, "render_to_string", garder)
    connecter("membre@comite.demo")
    reponse = client.get(f"/comite/seances/{seance_publiee.pk}/releve-de-decisions.pdf")
    assert reponse.status_code == 200
    (releve,) = rendus
    assert releve.count("Décidé par consultation écrite le") == 1
