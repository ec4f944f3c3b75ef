"""The State files a demande for a collectivité that called, wrote or came; a member of the
collectivité takes it over, once."""

import pytest

from demandes.models import Demande, Statut
from guichet.notifications.models import Notification
from guichet.territoire.models import Collectivite

from .conftest import lignes_de_l_historique
from .test_deposer import formulaire

pytestmark = pytest.mark.django_db

URL = "/demandes/nouvelle/pour-une-collectivite/"


def pour_delle(**autres):
    delle = Collectivite.objects.get(code_insee="90033")
    return formulaire(
        collectivite=delle.pk, canal="telephone", contact_email="mairie@delle.demo", **autres
    )


@pytest.fixture
def deposee_par_le_prefet(client, connecter, comptes):
    connecter("prefet@prefecture.demo")
    reponse = client.post(URL, pour_delle(deposer="1"))
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    client.cookies.clear()
    return Demande.objects.get()


def test_le_tableau_de_bord_mene_au_depot_pour_une_collectivite(client, connecter, comptes):
    connecter("agent@ddt.demo")
    page = client.get("/tableau-de-bord/").content.decode()
    assert f'href="{URL}"' in page
    formulaire_vide = client.get(URL).content.decode()
    assert "Déposer pour une collectivité" in formulaire_vide
    for canal in ["Téléphone", "Courrier", "Courriel", "Rendez-vous"]:
        assert canal in formulaire_vide
    assert "Delle (Commune)" in formulaire_vide


@pytest.mark.parametrize("email", ["maire@delle.demo", "contact@cerema.demo", "membre@comite.demo"])
def test_seul_un_agent_de_l_etat_depose_pour_une_collectivite(client, connecter, comptes, email):
    connecter(email)
    assert client.get(URL).status_code == 403
    assert client.post(URL, pour_delle(deposer="1")).status_code == 403
    assert not Demande.objects.exists()


def test_le_depot_pour_le_compte_dit_qui_a_depose_pour_qui_et_apres_quoi(
    client, connecter, deposee_par_le_prefet
):
    demande = deposee_par_le_prefet
    prefet = demande.deposant
    assert demande.statut == Statut.DEPOSEE and demande.reference
    assert demande.collectivite.nom == "Delle"
    assert demande.deposee_pour_le_compte_par == prefet
    connecter("maire@delle.demo")
    page = client.get(demande.get_absolute_url()).content.decode()
    assert any(
        f"Déposée par {prefet} (préfecture) pour la commune de Delle, à la suite d'un appel"
        in ligne
        for ligne in lignes_de_l_historique(page)
    )


def test_les_membres_de_la_collectivite_sont_notifies_en_plus_du_depot(deposee_par_le_prefet):
    demande = deposee_par_le_prefet
    pour_delle_ = Notification.objects.filter(evenement="deposee_pour_vous")
    assert {n.destinataire.email for n in pour_delle_} == {"maire@delle.demo"}
    assert "à la suite d'un appel" in pour_delle_.get().corps
    assert "reprendre" in pour_delle_.get().corps
    etat = Notification.objects.filter(evenement="demande_deposee")
    assert {"prefet@prefecture.demo", "agent@ddt.demo"} <= {n.destinataire.email for n in etat}
    assert Notification.objects.filter(
        evenement="accuse_reception", destinataire=demande.deposant
    ).exists()


def test_sans_canal_ni_collectivite_le_formulaire_dit_ce_qui_manque(client, connecter, comptes):
    connecter("prefet@prefecture.demo")
    reponse = client.post(URL, formulaire(deposer="1"))
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Choisissez la collectivité pour le compte de laquelle vous déposez." in page
    assert "Indiquez comment la collectivité a fait sa demande." in page
    reponse = client.post(URL, pour_delle(deposer="1") | {"collectivite": "999999"})
    assert "Cette collectivité n&#x27;existe pas" in reponse.content.decode()
    assert not Demande.objects.exists()


def test_un_membre_reprend_la_demande_et_en_devient_le_contact(
    client, connecter, deposee_par_le_prefet, django_assert_max_num_queries
):
    demande = deposee_par_le_prefet
    connecter("maire@delle.demo")
    with django_assert_max_num_queries(40):
        page = client.get(demande.get_absolute_url()).content.decode()
    assert "Reprendre la demande" in page
    reponse = client.post(f"/demandes/{demande.pk}/reprendre/", {"version": demande.version})
    assert reponse["Location"] == demande.get_absolute_url()
    demande.refresh_from_db()
    assert demande.deposant.email == "maire@delle.demo"
    assert demande.contact_email == "maire@delle.demo"
    assert demande.date_reprise is not None
    page = client.get(demande.get_absolute_url()).content.decode()
    assert "Reprendre la demande" not in page
    assert any(
        "Demande reprise par" in ligne and "pour la commune de Delle" in ligne
        for ligne in lignes_de_l_historique(page)
    )
    assert Notification.objects.filter(
        evenement="demande_reprise", destinataire__email="prefet@prefecture.demo"
    ).exists()


def test_la_demande_ne_se_reprend_qu_une_fois(client, connecter, deposee_par_le_prefet, comptes):
    from guichet.comptes.services import rattacher

    demande = deposee_par_le_prefet
    connecter("maire@delle.demo")
    client.post(f"/demandes/{demande.pk}/reprendre/", {"version": demande.version})
    client.cookies.clear()
    adjoint = comptes["maire@belfort.demo"]
    rattacher(user=adjoint, collectivite=demande.collectivite, fonction="Adjoint")
    client.force_login(adjoint)
    reponse = client.post(f"/demandes/{demande.pk}/reprendre/", follow=True)
    assert "elle ne se reprend qu&#x27;une fois" in reponse.content.decode()
    demande.refresh_from_db()
    assert demande.deposant.email == "maire@delle.demo"
    assert demande.evenements.filter(type="reprise").count() == 1


def test_seul_un_membre_de_la_collectivite_reprend_la_demande(
    client, connecter, deposee_par_le_prefet
):
    demande = deposee_par_le_prefet
    connecter("agent@ddt.demo")
    assert "Reprendre la demande" not in client.get(demande.get_absolute_url()).content.decode()
    assert client.post(f"/demandes/{demande.pk}/reprendre/").status_code == 403
    client.cookies.clear()
    connecter("maire@belfort.demo")
    assert client.post(f"/demandes/{demande.pk}/reprendre/").status_code == 404
    demande.refresh_from_db()
    assert demande.date_reprise is None


def test_une_demande_deposee_par_la_collectivite_ne_se_reprend_pas(client, connecter, comptes):
    connecter("maire@delle.demo")
    client.post("/demandes/nouvelle/", formulaire(deposer="1"))
    demande = Demande.objects.get()
    assert "Reprendre la demande" not in client.get(demande.get_absolute_url()).content.decode()
    reponse = client.post(f"/demandes/{demande.pk}/reprendre/", follow=True)
    assert "déposée par la collectivité elle-même" in reponse.content.decode()
    assert not demande.evenements.filter(type="reprise").exists()
