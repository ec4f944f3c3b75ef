"""« Avis 1/3 » on the dashboard's rows and the « Avis en attente » filter, without a query per
row."""

import html
import re

import pytest

from avis import services
from avis.models import Avis
from tests.demandes.conftest import creer

from .conftest import demander, repondre

pytestmark = pytest.mark.django_db


def badges_avis(page):
    return re.findall(r">(Avis \d+/\d+)<", html.unescape(page.content.decode()))


def test_le_tableau_montre_les_avis_recus_sur_les_avis_demandes_et_filtre_ceux_en_attente(
    client, connecter, comptes, orientee
):
    repondre(demander(comptes, orientee))
    demander(comptes, orientee)
    demander(comptes, orientee)
    services.revoquer_avis(avis=demander(comptes, orientee), par=comptes["agent@ddt.demo"])
    toute_repondue = creer(comptes, titre="Demande dont l'avis est rendu")
    repondre(demander(comptes, toute_repondue))
    sans_avis = creer(comptes, titre="Demande sans avis")
    connecter("agent@ddt.demo")

    page = client.get("/tableau-de-bord/?onglet=toutes")
    assert sorted(badges_avis(page)) == ["Avis 1/1", "Avis 1/3"]
    assert "1 reçu sur 3 demandés" in page.content.decode()

    page = client.get("/tableau-de-bord/?onglet=toutes&avis_en_attente=on")
    references = {d.reference for d in page.context["page"].object_list}
    assert references == {orientee.reference}
    assert "Avis en attente" in page.content.decode()
    assert sans_avis.reference not in page.content.decode()


def _remplir(nombre, comptes):
    for numero in range(nombre):
        demande = creer(comptes, titre=f"Projet {numero}")
        demander(comptes, demande)
        repondre(demander(comptes, demande))


@pytest.mark.parametrize(
    "url", ["/tableau-de-bord/?onglet=toutes", "/tableau-de-bord/?onglet=toutes&avis_en_attente=on"]
)
def test_les_avis_ne_coutent_pas_une_requete_par_ligne(
    client, connecter, comptes, django_assert_max_num_queries, url
):
    connecter("agent@ddt.demo")
    _remplir(3, comptes)
    client.get(url)  # the figures over every demande, cached once (tableau/selectors.py)
    with django_assert_max_num_queries(30) as peu:
        page = client.get(url)
    assert badges_avis(page) == ["Avis 1/2"] * 3
    _remplir(12, comptes)
    client.get(url)  # the figures over every demande, cached once (tableau/selectors.py)
    with django_assert_max_num_queries(30) as beaucoup:
        page = client.get(url)
    assert badges_avis(page) == ["Avis 1/2"] * 15
    assert len(beaucoup.captured_queries) == len(peu.captured_queries)
    assert Avis.objects.count() == 30
