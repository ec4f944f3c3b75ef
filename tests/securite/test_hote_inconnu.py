"""A request for a host the portal does not serve gets its 400 with every security header,
like any other page (DEBUG off, as in production)."""

import pytest

pytestmark = pytest.mark.django_db

HOTE_INCONNU = "inconnu.exemple.org"


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    return settings


def _entetes_de_securite(reponse):
    assert reponse.status_code == 400
    assert "Requête invalide" in reponse.content.decode()
    assert "frame-ancestors 'none'" in reponse["Content-Security-Policy"]
    assert reponse["X-Frame-Options"] == "DENY"
    assert reponse["X-Content-Type-Options"] == "nosniff"
    assert reponse["Referrer-Policy"] == "same-origin"
    assert reponse["Cross-Origin-Opener-Policy"] == "same-origin"


def test_hote_inconnu_sans_redirection_https(client, settings):
    settings.DEBUG = False
    _entetes_de_securite(client.get("/", HTTP_HOST=HOTE_INCONNU))


def test_hote_inconnu_en_https_derriere_le_proxy(client, production):
    reponse = client.get("/", HTTP_HOST=HOTE_INCONNU, HTTP_X_FORWARDED_PROTO="https")
    _entetes_de_securite(reponse)
    assert reponse["Strict-Transport-Security"].startswith("max-age=31536000")


def test_hote_inconnu_en_http_n_est_pas_redirige(client, production):
    reponse = client.get("/demandes/", HTTP_HOST=HOTE_INCONNU)
    _entetes_de_securite(reponse)
    assert not reponse.has_header("Location")


def test_un_hote_servi_est_toujours_redirige_vers_https(client, production):
    reponse = client.get("/demandes/?page=2", HTTP_HOST="localhost")
    assert reponse.status_code == 301
    assert reponse["Location"] == "https://localhost/demandes/?page=2"
