"""After a change, the dashboard shows its last figures while a real Celery worker recounts them.

PostgreSQL, Redis (cache and broker shared with the worker) and a worker in a subprocess.
"""

import os

import pytest
from django.core.cache import cache

from demandes import compteurs, tableau
from demandes.models import Statut
from tests.conftest import brancher_celery
from tests.outils.worker import Worker, attendre

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _onglets(page):
    return {o["cle"]: o["nombre"] for o in page.context["onglets"]}


def _deposees(page):
    return {cle: n for _, cle, n in page.context["chiffres"]["par_statut"]}[Statut.DEPOSEE]


@pytest.fixture
def cache_partage(settings, broker_reel):
    """The cache the worker uses: its REDIS_URL is the broker's (settings.CACHE_URL)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": broker_reel,
            "KEY_PREFIX": "guichet",
        }
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def worker(broker_reel, cache_partage, tmp_path):
    w = Worker(broker_reel, f"tableau-{os.getpid()}", journal=tmp_path / "worker.log")
    yield w.demarrer()
    w.arreter()


def _prendre_en_charge(client, demande):
    client.post(
        "/tableau-de-bord/actions/", {"demandes": [demande.pk], "action": "prendre_en_charge"}
    )


def test_apres_un_changement_la_page_n_attend_pas_le_recomptage(client, connecter, jeu, worker):
    connecter("agent@ddt.demo")
    premiere = client.get("/tableau-de-bord/")
    assert _deposees(premiere) == 2 and _onglets(premiere)["a_traiter"] == 2

    _prendre_en_charge(client, jeu["eau"])
    apres = client.get("/tableau-de-bord/")
    # The figures counted before the change, but the tab shown is counted exactly, and lists
    # exactly what it holds.
    assert _deposees(apres) == 2
    assert _onglets(apres)["a_traiter"] == 1
    assert apres.context["page"].paginator.count == 1
    assert [d.reference for d in apres.context["page"].object_list] == [jeu["ecole"].reference]

    # The worker, asked by that page, recounts; the next pages read its figures.
    assert attendre(lambda: _deposees(client.get("/tableau-de-bord/")) == 1, delai=20), (
        worker.lire_journal()
    )
    assert _onglets(client.get("/tableau-de-bord/?onglet=toutes"))["a_traiter"] == 1


def test_un_worker_qui_demarre_compte_les_chiffres_aussitot(jeu, worker):
    ((nom, parties),) = tableau.FIGURES_GENERALES.items()

    def comptes():
        gardee = cache.get(compteurs.cle(nom, *parties))  # (pour, instant, valeur)
        return gardee and gardee[2]["synthese"]["par_statut"]

    # Nobody displayed the dashboard: the worker counted on its own, from the database.
    assert attendre(lambda: comptes(), delai=20), worker.lire_journal()
    assert comptes()[Statut.DEPOSEE] == 2


def test_sans_broker_la_page_compte_elle_meme(client, connecter, jeu, cache_partage):
    brancher_celery("redis://127.0.0.1:1/0", eager=False)  # nothing listens there
    connecter("agent@ddt.demo")
    assert _deposees(client.get("/tableau-de-bord/")) == 2
    _prendre_en_charge(client, jeu["eau"])
    assert _deposees(client.get("/tableau-de-bord/")) == 1
    assert cache.get(compteurs.CLE_RECOMPTAGE) == "injoignable"
    _prendre_en_charge(client, jeu["ecole"])
    assert _deposees(client.get("/tableau-de-bord/")) == 0


def test_au_dela_de_la_tolerance_la_page_compte_elle_meme(client, connecter, jeu, cache_partage):
    connecter("agent@ddt.demo")
    assert _deposees(client.get("/tableau-de-bord/")) == 2
    _prendre_en_charge(client, jeu["eau"])
    # No worker consumes the queue: the change is now older than the tolerance.
    cache.set(compteurs.CLE_CHANGEMENT, 0, timeout=None)
    page = client.get("/tableau-de-bord/")
    assert _deposees(page) == 1
    # And a recount is asked all the same: only a recount clears the change.
    assert cache.get(compteurs.CLE_RECOMPTAGE) == "demande"
