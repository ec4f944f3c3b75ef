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


@pytest.fixture(autouse=True)
def cache_vide(settings):
    """Each test starts with an empty cache of its own: the database is rolled back, so must
    anything cached from it be."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


def brancher_celery(url, *, eager):
    """Point the project's Celery app at ``url`` (or run tasks in-process), dropping its pools."""
    from guichet.celery import brancher

    brancher(url, eager=eager)


@pytest.fixture(autouse=True)
def taches_dans_le_processus(request):
    """Unit tests run tasks eagerly; tests marked ``redis`` use a real broker and worker."""
    from guichet.celery import app

    if request.node.get_closest_marker("redis"):
        yield
        return
    avant = (app.conf.broker_url, app.conf.task_always_eager)
    brancher_celery(avant[0], eager=True)
    yield
    brancher_celery(avant[0], eager=avant[1])


@pytest.fixture
def broker_reel(redis_url):
    """A Redis database of its own, emptied, that the project's Celery app publishes to."""
    import redis

    from guichet.celery import app
    from tests.outils.worker import url_base_de_test

    if url_base_de_test() is None:
        pytest.skip("test avec worker réel : demande PostgreSQL (DATABASE_URL)")
    url = redis_url.rsplit("/", 1)[0] + "/9"
    client = redis.Redis.from_url(url)
    client.flushdb()
    avant = (app.conf.broker_url, app.conf.task_always_eager)
    brancher_celery(url, eager=False)
    yield url
    brancher_celery(avant[0], eager=avant[1])
    client.flushdb()
    client.close()
