"""Login throttling as it works behind the reverse proxy of a deployment (gunicorn reached
through one proxy that appends the client's address to X-Forwarded-For)."""

import pytest
from django.test import Client

from demo.chargement import MOT_DE_PASSE

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
ATTAQUANT = "198.51.100.7"
MAIRE = "203.0.113.9"


@pytest.fixture
def derriere_un_proxy(settings):
    settings.PROXYS_DEVANT_LE_PORTAIL = 1


def connexion(client, email, mot_de_passe, *, depuis, via=PROXY):
    """A login posted by ``depuis``, through the proxy ``via`` (``depuis`` is what the proxy
    appended to X-Forwarded-For: whatever the client wrote before it)."""
    return client.post(
        "/comptes/connexion/",
        {"username": email, "password": mot_de_passe},
        REMOTE_ADDR=via,
        HTTP_X_FORWARDED_FOR=depuis,
    )


def test_derriere_le_proxy_le_verrouillage_vise_l_attaquant_pas_le_maire(
    client, comptes, settings, derriere_un_proxy
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        connexion(client, "maire@delle.demo", "devine", depuis=ATTAQUANT)
    bloque = connexion(client, "maire@delle.demo", MOT_DE_PASSE, depuis=ATTAQUANT)
    assert bloque.status_code == 429
    assert "Connexion temporairement bloquée" in bloque.content.decode()

    maire = connexion(Client(), "maire@delle.demo", MOT_DE_PASSE, depuis=MAIRE)
    assert maire.status_code == 302, "le maire, depuis sa propre adresse, se connecte"


def test_l_attaquant_ne_se_fait_pas_passer_pour_le_maire(
    client, comptes, settings, derriere_un_proxy
):
    """The client writes what it likes in X-Forwarded-For; only what the proxy appended counts."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        connexion(client, "maire@delle.demo", "devine", depuis=f"{MAIRE}, {ATTAQUANT}")
    assert connexion(Client(), "maire@delle.demo", MOT_DE_PASSE, depuis=MAIRE).status_code == 302
    bloque = connexion(client, "maire@delle.demo", MOT_DE_PASSE, depuis=f"{MAIRE}, {ATTAQUANT}")
    assert bloque.status_code == 429


def test_sans_proxy_l_en_tete_x_forwarded_for_ne_compte_pas(client, comptes, settings):
    assert settings.PROXYS_DEVANT_LE_PORTAIL == 0, "le réglage par défaut : pas de proxy"
    for numero in range(settings.AXES_FAILURE_LIMIT):
        connexion(client, "maire@delle.demo", "devine", via=ATTAQUANT, depuis=f"192.0.2.{numero}")
    bloque = connexion(client, "maire@delle.demo", MOT_DE_PASSE, via=ATTAQUANT, depuis=MAIRE)
    assert bloque.status_code == 429


def test_un_en_tete_malforme_ne_fait_pas_d_erreur(client, comptes, derriere_un_proxy):
    reponse = connexion(client, "maire@delle.demo", "devine", depuis="n'importe quoi, <script>")
    assert reponse.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect" in reponse.content.decode()


def test_trop_de_tentatives_depuis_une_adresse_la_font_attendre_quels_que_soient_les_comptes(
    client, comptes, settings, derriere_un_proxy
):
    """Each attempt costs a password hash: spread over many accounts, django-axes's per-account
    lockout never triggers, the per-address limit does."""
    settings.CONNEXIONS_PAR_IP = 8
    for numero in range(settings.CONNEXIONS_PAR_IP):
        reponse = connexion(client, f"inconnu{numero}@exemple.fr", "devine", depuis=ATTAQUANT)
        assert reponse.status_code == 200
    refusee = connexion(client, "maire@delle.demo", MOT_DE_PASSE, depuis=ATTAQUANT)
    assert refusee.status_code == 429
    page = refusee.content.decode()
    assert "Trop de tentatives de connexion depuis votre connexion internet" in page
    assert "réessayez dans 15 minutes" in page
    assert "_auth_user_id" not in client.session

    autre = connexion(Client(), "maire@delle.demo", MOT_DE_PASSE, depuis=MAIRE)
    assert autre.status_code == 302, "les autres adresses ne sont pas concernées"


def test_la_page_de_connexion_de_l_administration_compte_aussi(
    client, comptes, settings, derriere_un_proxy
):
    settings.CONNEXIONS_PAR_IP = 8
    for numero in range(settings.CONNEXIONS_PAR_IP):
        client.post(
            "/admin/login/",
            {"username": f"inconnu{numero}@exemple.fr", "password": "devine"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=ATTAQUANT,
        )
    client.post(
        "/admin/login/",
        {"username": "admin@guichet.demo", "password": MOT_DE_PASSE},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=ATTAQUANT,
    )
    assert "_auth_user_id" not in client.session
    assert (
        connexion(client, "admin@guichet.demo", MOT_DE_PASSE, depuis=ATTAQUANT).status_code == 429
    )
