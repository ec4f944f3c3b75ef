import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from comite import services
from comite.models import PointOrdreDuJour, Seance
from demandes import services as demandes
from demandes.models import Demande, Statut
from guichet.notifications.models import Notification
from tests.demandes.conftest import creer

from .conftest import orienter

pytestmark = pytest.mark.django_db


def _point_demande(seance):
    return PointOrdreDuJour.objects.get(seance=seance, demande__isnull=False)


def _decider(client, seance, point, decision, commentaire=""):
    seance.refresh_from_db()
    return client.post(
        f"/comite/seances/{seance.pk}/points/{point.pk}/decision/",
        {"decision": decision, "commentaire": commentaire, "version": seance.version},
    )


def test_un_avis_favorable_accompagne_la_demande_et_previent_collectivite_et_operateurs(
    client, connecter, seance_publiee, orientee
):
    connecter("prefet@prefecture.demo")
    point = _point_demande(seance_publiee)
    reponse = _decider(client, seance_publiee, point, "favorable", "Priorité du territoire.")
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


def test_un_ajournement_renvoie_la_demande_a_orientee(client, connecter, seance_publiee, orientee):
    connecter("agent@ddt.demo")
    _decider(client, seance_publiee, _point_demande(seance_publiee), "ajourne")
    assert Demande.objects.get(pk=orientee.pk).statut == Statut.ORIENTEE
    assert Notification.objects.filter(
        evenement="decision_comite", destinataire__email="contact@cerema.demo"
    ).exists()


@pytest.mark.parametrize("decision", ["defavorable", "pour_information"])
def test_defavorable_ou_pour_information_laisse_le_statut(
    client, connecter, seance_publiee, orientee, decision
):
    connecter("agent@ddt.demo")
    _decider(client, seance_publiee, _point_demande(seance_publiee), decision)
    assert Demande.objects.get(pk=orientee.pk).statut == Statut.INSCRITE_COMITE
    assert Notification.objects.filter(
        evenement="decision_comite", destinataire__email="maire@delle.demo"
    ).exists()
    dernier = Demande.objects.get(pk=orientee.pk).evenements.last()
    assert dernier.libelle.startswith("Décision du comité : ")


def test_une_decision_ne_s_enregistre_qu_une_fois(client, connecter, seance_publiee):
    connecter("agent@ddt.demo")
    point = _point_demande(seance_publiee)
    _decider(client, seance_publiee, point, "favorable")
    reponse = _decider(client, seance_publiee, point, "defavorable")
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


def test_clore_puis_publier_le_releve(client, connecter, seance_publiee):
    connecter("prefet@prefecture.demo")
    url = f"/comite/seances/{seance_publiee.pk}/"
    seance_publiee.refresh_from_db()
    client.post(url + "clore/", {"version": seance_publiee.version})
    seance = Seance.objects.get(pk=seance_publiee.pk)
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


def test_une_demande_ajournee_se_reinscrit_a_une_seance_suivante(comptes, seance_publiee, orientee):
    prefet = comptes["prefet@prefecture.demo"]
    services.decider(
        point=_point_demande(seance_publiee), par=prefet, version=None, decision="ajourne"
    )
    suivante = Seance.objects.create(
        comite=seance_publiee.comite, date=seance_publiee.date, lieu="Delle"
    )
    services.inscrire_demande(seance=suivante, par=prefet, version=None, demande=orientee)
    assert Demande.objects.get(pk=orientee.pk).statut == Statut.INSCRITE_COMITE


def test_une_demande_deja_inscrite_ne_l_est_pas_deux_fois(comptes, seance_publiee, orientee):
    with pytest.raises(ValidationError, match="Seule une demande orientée"):
        services.inscrire_demande(
            seance=seance_publiee,
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
