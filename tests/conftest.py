import os

import pytest
from django.core.management import call_command

from guichet.demo import MOT_DE_PASSE, charger_demo


@pytest.fixture
def demo(db):
    """The demo territory and accounts of the contract, keyed by email."""
    return charger_demo()


@pytest.fixture
def connecter(client):
    """Log ``client`` in through the real login page, as a person would."""

    def _connecter(email, mot_de_passe=MOT_DE_PASSE):
        reponse = client.post("/comptes/connexion/", {"username": email, "password": mot_de_passe})
        assert reponse.status_code == 302, reponse.content.decode()[:2000]
        return client

    return _connecter


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL non défini : test qui demande Redis et un worker Celery réel")
    return url


@pytest.fixture
def sans_seed(db):
    call_command("migrate", verbosity=0)


@pytest.fixture(autouse=True)
def hachage_rapide(settings):
    # Password hashing is not under test here; PBKDF2's cost would dominate the suite.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_temporaire(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
