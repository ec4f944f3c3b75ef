"""The search ignores accents and case, the sort follows French order: on PostgreSQL (stored
vector in ``french_unaccent``, ICU collation) and on SQLite (``sans_accents``)."""

import pytest

from guichet.territoire.models import Collectivite
from tableau.francais import sans_accents
from tests.factories import DemandeFactory

from .conftest import creer, references

pytestmark = pytest.mark.django_db


@pytest.fixture
def titres(comptes):
    return {
        titre: creer(comptes, titre=titre)
        for titre in (
            "Rénovation de la salle des fêtes",
            "Zone artisanale",
            "Étude de faisabilité d'une chaufferie",
            "eau potable du hameau",
            "Aménagement du centre-bourg",
            "Abri du marché",
        )
    }


@pytest.mark.parametrize(
    ("recherche", "trouves"),
    [
        ("salle des fetes", {"Rénovation de la salle des fêtes"}),
        ("salle des fêtes", {"Rénovation de la salle des fêtes"}),
        ("SALLE DES FÊTES", {"Rénovation de la salle des fêtes"}),
        ("renovation", {"Rénovation de la salle des fêtes"}),
        ("etude", {"Étude de faisabilité d'une chaufferie"}),
        ("ÉTUDE", {"Étude de faisabilité d'une chaufferie"}),
        ("amenagement", {"Aménagement du centre-bourg"}),
        ("marche", {"Abri du marché"}),
        ("piscine", set()),
    ],
)
def test_la_recherche_ignore_les_accents_et_la_casse(client, connecter, titres, recherche, trouves):
    connecter("agent@ddt.demo")
    page = client.get("/tableau-de-bord/", {"onglet": "toutes", "q": recherche})
    assert references(page) == {titres[titre].reference for titre in trouves}


def test_la_recherche_trouve_une_collectivite_sans_ses_accents(client, connecter, comptes):
    chatenois = Collectivite.objects.get(nom="Châtenois-les-Forges")
    demande = DemandeFactory(collectivite=chatenois, titre="Vestiaires du stade")
    connecter("agent@ddt.demo")
    page = client.get("/tableau-de-bord/", {"onglet": "toutes", "q": "chatenois"})
    assert references(page) == {demande.reference}


ORDRE_FRANCAIS = [
    "Abri du marché",
    "Aménagement du centre-bourg",
    "eau potable du hameau",
    "Étude de faisabilité d'une chaufferie",
    "Rénovation de la salle des fêtes",
    "Zone artisanale",
]


def test_le_tri_par_projet_suit_l_ordre_francais(client, connecter, titres):
    connecter("agent@ddt.demo")
    croissant = client.get("/tableau-de-bord/?onglet=toutes&tri=titre")
    assert [d.titre for d in croissant.context["page"].object_list] == ORDRE_FRANCAIS
    decroissant = client.get("/tableau-de-bord/?onglet=toutes&tri=-titre")
    assert [d.titre for d in decroissant.context["page"].object_list] == ORDRE_FRANCAIS[::-1]


def test_l_export_suit_le_meme_ordre(client, connecter, titres):
    connecter("agent@ddt.demo")
    reponse = client.get("/tableau-de-bord/export.csv?onglet=toutes&tri=titre")
    lignes = b"".join(reponse.streaming_content).decode("utf-8").strip().split("\r\n")[1:]
    ordre = [titre for ligne in lignes for titre in ORDRE_FRANCAIS if f";{titre};" in ligne]
    assert ordre == ORDRE_FRANCAIS


def test_le_tri_par_collectivite_suit_l_ordre_francais(client, connecter, comptes):
    noms = ["Éloie", "Delle", "Essert", "Étueffont", "Évette-Salbert", "Belfort"]
    for nom in noms:
        DemandeFactory(collectivite=Collectivite.objects.get(nom=nom))
    connecter("agent@ddt.demo")
    page = client.get("/tableau-de-bord/?onglet=toutes&tri=collectivite")
    assert [d.collectivite.nom for d in page.context["page"].object_list] == [
        "Belfort",
        "Delle",
        "Éloie",
        "Essert",
        "Étueffont",
        "Évette-Salbert",
    ]


def test_sans_accents():
    assert sans_accents("Étude de la Salle des FÊTES à Châtenois") == (
        "etude de la salle des fetes a chatenois"
    )
    assert sans_accents(None) is None
