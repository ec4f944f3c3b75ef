import pytest

from demo.chargement import COMPTES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("compte", COMPTES, ids=lambda c: c.email)
def test_chaque_compte_de_demo_se_connecte_puis_se_deconnecte(client, comptes, compte):
    reponse = client.post(
        "/comptes/connexion/", {"username": compte.email, "password": "demo-guichet-90"}
    )
    assert reponse.status_code == 302
    assert reponse["Location"] == "/"

    accueil = client.get("/")
    assert f"Bonjour {compte.prenom}" in accueil.content.decode()
    assert "Se déconnecter" in accueil.content.decode()

    sortie = client.post("/comptes/deconnexion/")
    assert sortie.status_code == 302
    assert "_auth_user_id" not in client.session
    assert "Se connecter" in client.get("/").content.decode()


def test_l_adresse_est_reconnue_quelle_que_soit_la_casse(client, comptes):
    reponse = client.post(
        "/comptes/connexion/", {"username": "  Maire@Delle.DEMO ", "password": "demo-guichet-90"}
    )
    assert reponse.status_code == 302


def test_un_mauvais_mot_de_passe_est_refuse_avec_un_message_en_francais(client, comptes):
    reponse = client.post(
        "/comptes/connexion/", {"username": "maire@delle.demo", "password": "mauvais"}
    )
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect" in page
    assert 'role="alert"' in page
    assert "_auth_user_id" not in client.session


def test_une_adresse_mal_formee_est_signalee_a_cote_du_champ(client, comptes):
    reponse = client.post("/comptes/connexion/", {"username": "pas-une-adresse", "password": "x"})
    page = reponse.content.decode()
    assert "Saisissez une adresse de courriel valide." in page
    assert 'aria-describedby="id_username-desc-error"' in page
    assert 'id="id_username-desc-error"' in page


def test_un_compte_desactive_ne_se_connecte_pas(client, comptes):
    comptes["maire@delle.demo"].is_active = False
    comptes["maire@delle.demo"].save()
    reponse = client.post(
        "/comptes/connexion/", {"username": "maire@delle.demo", "password": "demo-guichet-90"}
    )
    assert reponse.status_code == 200
    assert "_auth_user_id" not in client.session


def test_la_deconnexion_refuse_get(client, connecter, comptes):
    connecter("maire@delle.demo")
    assert client.get("/comptes/deconnexion/").status_code == 405
    assert "_auth_user_id" in client.session


def test_la_connexion_suit_next_sur_le_site_mais_pas_ailleurs(client, comptes):
    interne = client.post(
        "/comptes/connexion/?next=/admin/",
        {"username": "admin@guichet.demo", "password": "demo-guichet-90", "next": "/admin/"},
    )
    assert interne["Location"] == "/admin/"
    client.post("/comptes/deconnexion/")
    externe = client.post(
        "/comptes/connexion/",
        {
            "username": "admin@guichet.demo",
            "password": "demo-guichet-90",
            "next": "https://evil.example/",
        },
    )
    assert externe["Location"] == "/"


def test_la_page_de_connexion_est_en_francais_avec_l_entete_de_l_etat(client, db):
    page = client.get("/comptes/connexion/").content.decode()
    assert '<html lang="fr"' in page
    assert "Préfet<br>du Territoire<br>de Belfort" in page
    assert '<label for="id_username" class="fr-label">' in page
    assert page.count('name="csrfmiddlewaretoken"') == 1
    assert 'class="fr-btn"' in page


def test_trop_d_echecs_bloquent_la_connexion_avec_un_message_clair(client, comptes, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/comptes/connexion/", {"username": "maire@delle.demo", "password": "faux"})
    bloquee = client.post(
        "/comptes/connexion/", {"username": "maire@delle.demo", "password": "demo-guichet-90"}
    )
    assert bloquee.status_code == 429
    assert "Connexion temporairement bloquée" in bloquee.content.decode()
    assert "_auth_user_id" not in client.session
    autre = client.post(
        "/comptes/connexion/", {"username": "maire@belfort.demo", "password": "demo-guichet-90"}
    )
    assert autre.status_code == 302, "un autre compte n'est pas bloqué"
