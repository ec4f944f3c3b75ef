"""Staff accounts open the admin with a second factor: an authenticator app (TOTP), enrolled
on the portal, whose code is asked once per session."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.outils.second_facteur import URL, cle_de_la_page, code_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_sans_appareil(client, connecter, comptes):
    connecter("admin@guichet.demo", second_facteur=False)
    return comptes


def test_l_administration_est_refusee_sans_appareil_verifie(client, admin_sans_appareil):
    reponse = client.get("/admin/", follow=True)
    assert reponse.redirect_chain[-1][0] == f"{URL}?next=%2Fadmin%2F"
    assert client.get("/admin/comptes/user/").status_code == 302
    page = reponse.content.decode()
    assert "<h1>Double authentification</h1>" in page
    assert "<svg" in page and "QR code" in page
    assert re.search(r'<code id="cle-secrete">[A-Z2-7 ]+</code>', page)
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_un_mauvais_code_n_active_rien(client, admin_sans_appareil):
    page = client.get(URL).content.decode()
    bon = code_totp(cle_de_la_page(page))
    mauvais = f"{(int(bon) + 1) % 1_000_000:06d}"
    reponse = client.post(URL, {"code": mauvais, "next": "/admin/"})
    assert reponse.status_code == 400
    assert "Code incorrect ou expiré" in reponse.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get("/admin/").status_code == 302
    reponse = client.post(URL, {"code": "12ab56"})
    assert "Le code compte six chiffres" in reponse.content.decode()


def test_le_bon_code_active_l_appareil_et_ouvre_l_administration(client, admin_sans_appareil):
    page = client.get(URL, {"next": "/admin/comptes/user/"}).content.decode()
    reponse = client.post(
        URL, {"code": code_totp(cle_de_la_page(page)), "next": "/admin/comptes/user/"}
    )
    assert reponse["Location"] == "/admin/comptes/user/"
    assert TOTPDevice.objects.filter(confirmed=True, user__email="admin@guichet.demo").exists()
    assert client.get("/admin/").status_code == 200


def test_un_code_est_demande_a_chaque_connexion_et_ne_sert_qu_une_fois(
    client, admin_sans_appareil, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wait after an error: see the next test
    cle = cle_de_la_page(client.get(URL).content.decode())
    code = code_totp(cle)
    client.post(URL, {"code": code})
    client.post("/comptes/deconnexion/")
    client.post(
        "/comptes/connexion/", {"username": "admin@guichet.demo", "password": "demo-guichet-90"}
    )
    assert client.get("/admin/").status_code == 302
    page = client.get(URL).content.decode()
    assert "Vérifier le code" in page and "cle-secrete" not in page
    deja_servi = client.post(URL, {"code": code})
    assert deja_servi.status_code == 400
    suivant = client.post(URL, {"code": code_totp(cle, decalage=1)})
    assert suivant.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_la_page_de_connexion_de_l_administration_demande_aussi_le_code(client, comptes):
    reponse = client.post(
        "/admin/login/?next=/admin/",
        {"username": "admin@guichet.demo", "password": "demo-guichet-90"},
    )
    assert reponse.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_le_second_facteur_ne_concerne_que_le_personnel(client, connecter, comptes):
    connecter("maire@delle.demo")
    assert client.get(URL).status_code == 403
    assert not TOTPDevice.objects.exists()


def test_la_suite_ne_mene_pas_hors_du_portail(client, admin_sans_appareil):
    page = client.get(URL).content.decode()
    reponse = client.post(
        URL, {"code": code_totp(cle_de_la_page(page)), "next": "https://evil.example/"}
    )
    assert reponse["Location"] == "/admin/"


def test_apres_une_erreur_il_faut_attendre_avant_un_nouvel_essai(client, admin_sans_appareil):
    cle = cle_de_la_page(client.get(URL).content.decode())
    client.post(URL, {"code": f"{(int(code_totp(cle)) + 1) % 1_000_000:06d}"})
    reponse = client.post(URL, {"code": code_totp(cle)})
    assert "Trop de codes erronés : attendez quelques secondes" in reponse.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
