import os

import pytest
from django.core.management import call_command

from demo.chargement import MOT_DE_PASSE, charger_demo
from tests.outils.worker import base_redis_du_processus

# Tests of ten seconds or more each (measured by `make test PYTEST_ARGS=--durations=25`), given
# to the pytest-xdist workers first among the tests of their kind (see
# ``pytest_collection_modifyitems``): the other worker runs shorter ones meanwhile, instead of
# one of these ending the run alone.
LONGS = (
    "tests/securite/test_saisies_hostiles.py::test_aucune_page_ne_repond_500_a_une_saisie_hostile",
    "tests/bench/",
    "tests/test_redis_des_tests.py",
    "tests/e2e/test_parcours_complet.py",
    "tests/e2e/test_pages.py::test_les_formulaires_de_l_administration_sont_accessibles",
    "tests/e2e/test_tableau.py::test_onglet_filtre_tri_et_page_par_htmx_sans_erreur_de_console",
    "tests/notifications/test_worker_reel.py",
    "tests/api/test_webhooks_worker_reel.py",
)

# Password hashing is not under test here; PBKDF2's cost would dominate the suite.
HACHAGE_RAPIDE = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _transactionnel(item):
    marqueur = item.get_closest_marker("django_db")
    if marqueur and (marqueur.kwargs.get("transaction") or marqueur.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def _avec_base(item):
    return item.get_closest_marker("django_db") is not None or "db" in getattr(
        item, "fixturenames", ()
    )


def _rang(item):
    """Where ``item`` runs: the long tests that need no flush first, then the tests without a
    database, those with one, and last the transactional ones (a transactional test empties
    the database when it ends: it stays after every test that needs the migrations' data),
    the long ones first among them."""
    long = item.nodeid.startswith(LONGS)
    if _transactionnel(item):
        return 3 if long else 4
    if long:
        return 0
    return 2 if _avec_base(item) else 1


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The order above, rather than pytest-django's (database tests, transactional ones, then
    the others). pytest-xdist (``--dist load``) hands the tests out in this order, a few at a
    time per worker: when the last ones are handed out, each worker is left with a handful of
    tests of the same kind. Ending on the cheap tests without a database left one worker with
    about thirty browser tests (two minutes of work) while the other one stopped."""
    items.sort(key=_rang)


def comptes_de_demo():
    """The demo accounts by email, in the order of ``demo.chargement.COMPTES``. The test database
    holds them from the start (``django_db_setup`` below); a transactional test empties the
    database when it ends, so the tests run after it load them again."""
    from demo.chargement import COMPTES, charger_comptes
    from guichet.comptes.models import User

    trouves = User.objects.in_bulk([compte.email for compte in COMPTES], field_name="email")
    if len(trouves) < len(COMPTES):
        return charger_comptes()
    return {compte.email: trouves[compte.email] for compte in COMPTES}


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """Each test database (one per pytest-xdist worker) holds the demo accounts once for all,
    as the migrations' territory: a test changes them inside its own transaction, rolled back
    when it ends. Hashed with the fast hasher the tests sign in with (``hachage_rapide``).
    Without migrations (``--no-migrations``), there is no territory to attach them to."""
    from django.test import override_settings

    from demo.chargement import charger_comptes

    if request.config.option.nomigrations:
        return
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=HACHAGE_RAPIDE):
        charger_comptes()


@pytest.fixture(scope="module")
def transaction_du_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """A transaction around the tests of a module, rolled back after the last one, for data
    built once for all of them (what Django's ``TestCase.setUpTestData`` does): the module's
    fixtures that depend on this one write in it, and each test's own transaction is a
    savepoint inside it, so every test sees those data as they were built. For modules of
    non-transactional tests only, whose shared fixtures return values (keys, tokens), never
    model instances a test could change in memory."""
    from django.db import transaction
    from django.test import override_settings

    reglages = override_settings(
        PASSWORD_HASHERS=HACHAGE_RAPIDE, MEDIA_ROOT=tmp_path_factory.mktemp("media")
    )
    with django_db_blocker.unblock(), reglages, transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def demo_du_module(transaction_du_module):
    """The demo, loaded once for all the tests of a module that asks for it: its ``demo``
    fixture then returns ``comptes_de_demo()``, fresh instances for each test."""
    charger_demo()


@pytest.fixture
def comptes(db):
    """Only the accounts, without the demo demandes: each test builds the demandes it needs."""
    return comptes_de_demo()


@pytest.fixture
def demo(db):
    """The demo territory and accounts of the contract, keyed by email."""
    return charger_demo()


@pytest.fixture
def connecter(client):
    """Log ``client`` in through the real login page, as a person would. A staff account then
    passes its second factor, as the admin asks: enrols an app on its first login (the key read
    on the page) and types a code computed from it (``second_facteur=False`` to stop before)."""
    cles = {}

    def _connecter(email, mot_de_passe=MOT_DE_PASSE, *, second_facteur=True):
        return connecter_par_la_page(client, email, cles, mot_de_passe, second_facteur)

    return _connecter


def connecter_par_la_page(client, email, cles, mot_de_passe=MOT_DE_PASSE, second_facteur=True):
    """What ``connecter`` does, for any test client; ``cles`` keeps each staff account's key."""
    from guichet.comptes.models import User
    from tests.outils.second_facteur import passer_le_second_facteur

    reponse = client.post("/comptes/connexion/", {"username": email, "password": mot_de_passe})
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    if second_facteur and User.objects.filter(email=email, is_staff=True).exists():
        passer_le_second_facteur(client, cles, email)
    return client


@pytest.fixture
def gestionnaire(db):
    """An Administrateur of the guichet who is staff but not superuser, as a deployment has."""
    from guichet.comptes.models import User
    from guichet.comptes.roles import Role
    from guichet.comptes.services import attribuer_role

    user = User.objects.create_user(
        "gestion@guichet.demo", MOT_DE_PASSE, prenom="Gaëlle", nom="Gestion", is_staff=True
    )
    attribuer_role(user=user, role=Role.ADMINISTRATEUR)
    return user


@pytest.fixture
def redis_url():
    """The Redis database the suite may empty, named by REDIS_URL_TESTS (the next ones too, one
    per pytest-xdist worker), emptied before and after the test. The suite reads no other Redis
    variable: REDIS_URL is the application's."""
    import redis

    if not os.environ.get("REDIS_URL_TESTS"):
        pytest.skip("REDIS_URL_TESTS non défini : test qui demande une base Redis à vider")
    url = base_redis_du_processus(os.environ["REDIS_URL_TESTS"])
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()
    client.close()


@pytest.fixture
def sans_seed(db):
    call_command("migrate", verbosity=0)


@pytest.fixture(autouse=True)
def hachage_rapide(settings):
    settings.PASSWORD_HASHERS = HACHAGE_RAPIDE


@pytest.fixture(autouse=True)
def media_temporaire(request, settings, tmp_path):
    """Each test writes its files to a folder of its own; those of a module's shared data
    (``transaction_du_module``) stay in the module's folder, where the data point."""
    if "transaction_du_module" not in request.fixturenames:
        settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def sans_statiques_rassemblees(settings, tmp_path):
    """The tests serve static files through the finders, never from STATIC_ROOT: WhiteNoise
    lists all of STATIC_ROOT each time a test client starts, thousands of files once
    ``collectstatic`` has run (``make bench`` does), which cost seconds a test."""
    settings.STATIC_ROOT = tmp_path / "statiques"


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
def broker_de_test(redis_url):
    """The tests' Redis database (emptied), that the project's Celery app publishes to."""
    from guichet.celery import app

    avant = (app.conf.broker_url, app.conf.task_always_eager)
    brancher_celery(redis_url, eager=False)
    yield redis_url
    brancher_celery(avant[0], eager=avant[1])


@pytest.fixture
def broker_reel(broker_de_test):
    """The same, for a real worker, which needs a database it shares with the test."""
    from tests.outils.worker import url_base_de_test

    if url_base_de_test() is None:
        pytest.skip("test avec worker réel : demande PostgreSQL (DATABASE_URL)")
    return broker_de_test
