"""Signing in with ProConnect, against a real OpenID Provider (oidc-provider, tests/oidc).

The Django test client is the portal's side of the browser, a requests session its side at the
provider: every redirect between them is followed as a browser would.
"""

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from demo.chargement import MOT_DE_PASSE
from guichet.comptes.models import User
from guichet.comptes.roles import Role
from guichet.comptes.services import attribuer_role, rattacher
from tests.outils.fournisseur_oidc import identite, s_identifier, se_deconnecter_chez_le_fournisseur

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


def chemin(url):
    morceaux = urlsplit(url)
    return f"{morceaux.path}?{morceaux.query}" if morceaux.query else morceaux.path


def retour_de_proconnect(client, personne, *, navigateur=None, next_=""):
    """Click the button, sign in at the provider; the callback URL, not yet followed."""
    depart = client.get("/comptes/proconnect/connexion/", {"next": next_} if next_ else {})
    assert depart.status_code == 302
    return s_identifier(navigateur or requests.Session(), depart["Location"], BASE, personne)


def connecte(client):
    return "_auth_user_id" in client.session


def test_sans_configuration_ni_bouton_ni_adresses(client, settings):
    settings.PROCONNECT_DISCOVERY_URL = ""
    settings.PROCONNECT_CLIENT_ID = ""
    assert "proconnect" not in client.get("/comptes/connexion/").content.decode().lower()
    assert client.get("/comptes/proconnect/connexion/").status_code == 404
    assert client.get("/comptes/proconnect/retour/?code=x&state=y").status_code == 404


def test_le_bouton_est_au_dessus_du_formulaire(client, proconnect):
    page = client.get("/comptes/connexion/").content.decode()
    assert "S&#x27;identifier avec ProConnect" in page or "S'identifier avec ProConnect" in page
    assert page.index('href="/comptes/proconnect/connexion/"') < page.index('name="password"')


def test_le_depart_vers_proconnect_porte_state_et_nonce_longs(client, proconnect):
    depart = client.get("/comptes/proconnect/connexion/")
    parametres = parse_qs(urlsplit(depart["Location"]).query)
    assert depart["Location"].startswith(proconnect.issuer)
    assert len(parametres["state"][0]) >= 32
    assert len(parametres["nonce"][0]) >= 32
    assert parametres["scope"] == ["openid email given_name usual_name siret uid"]
    assert parametres["redirect_uri"] == [f"{BASE}/comptes/proconnect/retour/"]
    assert "code_challenge" not in parametres


def test_premiere_connexion_cree_le_compte(client, proconnect, django_assert_max_num_queries):
    retour = retour_de_proconnect(client, identite())
    with django_assert_max_num_queries(20):
        reponse = client.get(chemin(retour))
    assert reponse.status_code == 302
    # Attached to nothing yet: straight to the access request.
    assert reponse["Location"] == "/comptes/demande-acces/"
    user = User.objects.get(proconnect_sub="agent-1")
    assert (user.email, user.prenom, user.nom, user.siret) == (
        "agent.un@prefecture.gouv.fr",
        "Camille",
        "Dupont",
        "13000000000001",
    )
    assert not user.has_usable_password()
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session["proconnect_id_token"].count(".") == 2


def test_le_retour_retrouve_la_personne_par_sub_meme_si_l_adresse_a_change(client, proconnect):
    avant = User.objects.count()
    client.get(chemin(retour_de_proconnect(client, identite())))
    client.logout()
    nouvelle = identite(email="camille.dupont@ddt.gouv.fr", siret="13000000000002")
    client.get(chemin(retour_de_proconnect(client, nouvelle)))
    user = User.objects.get(proconnect_sub="agent-1")
    assert User.objects.count() == avant + 1
    assert client.session["_auth_user_id"] == str(user.pk)
    assert (user.email, user.siret) == ("camille.dupont@ddt.gouv.fr", "13000000000002")


def test_un_compte_existant_est_rattache_par_son_adresse(client, proconnect):
    existant = User.objects.create_user("Agent.Un@prefecture.gouv.fr", MOT_DE_PASSE, nom="Martin")
    rattacher(user=existant, service="prefecture")
    reponse = client.get(chemin(retour_de_proconnect(client, identite())))
    existant.refresh_from_db()
    assert (existant.proconnect_sub, existant.siret, existant.nom) == (
        "agent-1",
        "13000000000001",
        "Martin",
    )
    assert existant.has_usable_password()
    assert client.session["_auth_user_id"] == str(existant.pk)
    assert reponse["Location"] == "/"


def test_une_adresse_deja_liee_a_un_autre_sub_ne_connecte_personne(client, proconnect):
    User.objects.create_user("agent.un@prefecture.gouv.fr", proconnect_sub="quelqu-un-d-autre")
    reponse = client.get(chemin(retour_de_proconnect(client, identite())))
    assert reponse.status_code == 403
    assert "Un autre compte ProConnect utilise déjà cette adresse" in reponse.content.decode()
    assert not connecte(client)


def test_un_compte_desactive_ne_se_connecte_pas(client, proconnect):
    desactive = User.objects.create_user("agent.un@prefecture.gouv.fr", is_active=False)
    reponse = client.get(chemin(retour_de_proconnect(client, identite())))
    assert reponse.status_code == 403
    assert "Ce compte est désactivé" in reponse.content.decode()
    assert not connecte(client)
    desactive.refresh_from_db()
    assert desactive.proconnect_sub is None
    assert not User.objects.filter(proconnect_sub="agent-1").exists()


def test_la_page_demandee_avant_la_connexion_est_servie_apres(client, proconnect):
    retour = retour_de_proconnect(client, identite(), next_="/comptes/mes-donnees/")
    assert client.get(chemin(retour))["Location"] == "/comptes/mes-donnees/"


def test_une_page_d_un_autre_site_n_est_pas_suivie(client, proconnect):
    retour = retour_de_proconnect(client, identite(), next_="https://ailleurs.example/")
    assert client.get(chemin(retour))["Location"] == "/comptes/demande-acces/"


def test_sans_rattachement_la_page_d_arrivee_se_regle(client, proconnect, settings):
    settings.PROCONNECT_PAGE_SANS_RATTACHEMENT = "comptes:mes_donnees"
    assert client.get(chemin(retour_de_proconnect(client, identite())))["Location"] == (
        "/comptes/mes-donnees/"
    )


def test_un_state_faux_est_refuse_en_francais(client, proconnect):
    avant = User.objects.count()
    retour = retour_de_proconnect(client, identite())
    morceaux = urlsplit(retour)
    code = parse_qs(morceaux.query)["code"][0]
    reponse = client.get("/comptes/proconnect/retour/", {"code": code, "state": "x" * 43})
    assert reponse.status_code == 400
    page = reponse.content.decode()
    assert "Connexion avec ProConnect impossible" in page
    assert "ne correspond à aucune connexion en cours" in page
    assert not connecte(client)
    assert User.objects.count() == avant


def test_un_rappel_rejoue_est_refuse(client, proconnect):
    retour = retour_de_proconnect(client, identite())
    client.get(chemin(retour))
    client.logout()
    reponse = client.get(chemin(retour))
    assert reponse.status_code == 400
    assert "ne correspond à aucune connexion en cours" in reponse.content.decode()
    assert not connecte(client)


def test_un_code_porteur_d_un_autre_nonce_est_refuse(client, proconnect, caplog):
    """Two sign-ins started in one browser: the code of the first, brought back with the state
    of the second, carries the first's nonce in its ID token."""
    navigateur = requests.Session()
    premier = client.get("/comptes/proconnect/connexion/")["Location"]
    second = client.get("/comptes/proconnect/connexion/")["Location"]
    retour = s_identifier(navigateur, premier, BASE, identite())
    code = parse_qs(urlsplit(retour).query)["code"][0]
    state_du_second = parse_qs(urlsplit(second).query)["state"][0]
    with caplog.at_level(logging.WARNING, logger="guichet.comptes.views"):
        reponse = client.get(
            "/comptes/proconnect/retour/", {"code": code, "state": state_du_second}
        )
    assert reponse.status_code == 400
    assert "pas pu être vérifiée" in reponse.content.decode()
    assert "'nonce'" in caplog.text
    assert not connecte(client)


def test_un_jeton_expire_est_refuse(client, proconnect, settings, caplog):
    avant = User.objects.count()
    proconnect.configurer(settings, client_id="guichet-lent")
    settings.PROCONNECT_TOLERANCE_HORLOGE = 0
    retour = retour_de_proconnect(client, identite())
    with caplog.at_level(logging.WARNING, logger="guichet.comptes.views"):
        reponse = client.get(chemin(retour))
    assert reponse.status_code == 400
    assert "jeton expiré" in reponse.content.decode()
    assert "expired_token" in caplog.text
    assert not connecte(client)
    assert User.objects.count() == avant


def test_un_jeton_emis_pour_un_autre_client_est_refuse(client, proconnect, settings, caplog):
    avant = User.objects.count()
    proconnect.configurer(settings, client_id="guichet-substitue")
    retour = retour_de_proconnect(client, identite())
    with caplog.at_level(logging.WARNING, logger="guichet.comptes.views"):
        reponse = client.get(chemin(retour))
    assert reponse.status_code == 400
    assert "destiné à un autre service" in reponse.content.decode()
    assert "'aud'" in caplog.text
    assert not connecte(client)
    assert User.objects.count() == avant


def test_la_deconnexion_passe_par_proconnect_avec_l_id_token(client, proconnect):
    navigateur = requests.Session()
    client.get(chemin(retour_de_proconnect(client, identite(), navigateur=navigateur)))
    id_token = client.session["proconnect_id_token"]

    page = client.post("/comptes/deconnexion/")
    assert page.status_code == 200
    assert not connecte(client)
    assert "proconnect_id_token" not in client.session
    url = page.context["url"]
    parametres = parse_qs(urlsplit(url).query)
    assert url.startswith(f"{proconnect.issuer}/session/end")
    assert parametres["id_token_hint"] == [id_token]
    assert parametres["post_logout_redirect_uri"] == [
        f"{BASE}/comptes/proconnect/deconnexion/retour/"
    ]
    assert len(parametres["state"][0]) >= 32
    assert f'content="0; url={url}"'.replace("&", "&amp;") in page.content.decode()

    retour = se_deconnecter_chez_le_fournisseur(navigateur, url, BASE)
    assert parse_qs(urlsplit(retour).query)["state"] == parametres["state"]
    fin = client.get(chemin(retour), follow=True)
    assert "Vous êtes déconnecté du guichet unique et de ProConnect" in fin.content.decode()
    assert not connecte(client)


def test_une_deconnexion_sans_proconnect_ne_passe_pas_par_lui(client, proconnect, connecter):
    User.objects.create_user("local@delle.fr", MOT_DE_PASSE)
    connecter("local@delle.fr")
    reponse = client.post("/comptes/deconnexion/")
    assert reponse.status_code == 302
    assert reponse["Location"] == "/"


@pytest.fixture
def agent_prefecture(db):
    user = User.objects.create_user("prefet@prefecture.gouv.fr", MOT_DE_PASSE)
    attribuer_role(user=user, role=Role.PREFECTURE)
    return user


def test_sans_mot_de_passe_pour_l_etat_l_agent_est_renvoye_vers_proconnect(
    client, proconnect, settings, agent_prefecture
):
    settings.CONNEXION_MOT_DE_PASSE_AGENTS_ETAT = False
    reponse = client.post(
        "/comptes/connexion/",
        {"username": "prefet@prefecture.gouv.fr", "password": MOT_DE_PASSE},
    )
    assert reponse.status_code == 200
    assert "Les agents de l&#x27;État se connectent au guichet unique avec ProConnect" in (
        reponse.content.decode()
    )
    assert not connecte(client)


def test_sans_le_bon_mot_de_passe_rien_ne_dit_que_le_compte_est_celui_d_un_agent(
    client, proconnect, settings, agent_prefecture
):
    settings.CONNEXION_MOT_DE_PASSE_AGENTS_ETAT = False
    reponse = client.post(
        "/comptes/connexion/", {"username": "prefet@prefecture.gouv.fr", "password": "faux"}
    )
    page = reponse.content.decode()
    assert "Adresse électronique ou mot de passe incorrect" in page
    assert "agents de l&#x27;État se connectent" not in page


def test_le_mot_de_passe_reste_ouvert_aux_autres_et_par_defaut(
    client, proconnect, settings, agent_prefecture
):
    User.objects.create_user("maire@delle.fr", MOT_DE_PASSE)
    settings.CONNEXION_MOT_DE_PASSE_AGENTS_ETAT = False
    reponse = client.post(
        "/comptes/connexion/", {"username": "maire@delle.fr", "password": MOT_DE_PASSE}
    )
    assert reponse.status_code == 302
    client.logout()
    settings.CONNEXION_MOT_DE_PASSE_AGENTS_ETAT = True
    reponse = client.post(
        "/comptes/connexion/",
        {"username": "prefet@prefecture.gouv.fr", "password": MOT_DE_PASSE},
    )
    assert reponse.status_code == 302
