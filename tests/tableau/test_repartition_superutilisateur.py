"""The superuser's dashboard (every département) maps the communes it needs, not the whole
country's: those of the default département, the only ones the map draws, and those where the
listed demandes are (issue #23)."""

import pytest
from django.core.cache import cache

from guichet.territoire.models import Collectivite, TypeCollectivite
from tableau import selectors
from tests.factories import CommuneFactory, DemandeFactory
from tests.outils.deux_departements import (  # noqa: F401  (shared fixtures)
    besancon,
    doubs,
    maire_besancon,
)


@pytest.fixture
def deux_departements(comptes, doubs, besancon, maire_besancon):  # noqa: F811
    """A demande of Delle (90), one of Besançon (25), and a commune of the Doubs without any."""
    return {
        "doubs": doubs,
        "besancon_commune": besancon,
        "maire_besancon": maire_besancon,
        "delle": DemandeFactory(titre="Cantine de Delle"),
        "besancon": DemandeFactory(
            collectivite=besancon, deposant=maire_besancon, titre="Passerelle de Besançon"
        ),
        "sans_demande": CommuneFactory(nom="Ornans d'essai", departement=doubs),
    }


def _codes(repartition):
    return {insee for insee, _, _ in repartition["communes"]}


def test_le_superutilisateur_lit_les_communes_du_90_et_celles_de_ses_demandes(
    comptes, deux_departements
):
    admin = comptes["admin@guichet.demo"]
    communes_du_90 = set(
        Collectivite.objects.filter(
            type=TypeCollectivite.COMMUNE, departement__code="90"
        ).values_list("code_insee", flat=True)
    )

    codes = _codes(selectors.repartition(selectors.demandes_du_tableau(admin), admin))

    assert codes == communes_du_90 | {deux_departements["besancon_commune"].code_insee}
    assert deux_departements["sans_demande"].code_insee not in codes
    assert len(communes_du_90) == 101


def test_l_agent_garde_les_communes_de_son_departement(comptes, deux_departements):
    agent = comptes["agent@ddt.demo"]
    codes = _codes(selectors.repartition(selectors.demandes_du_tableau(agent), agent))
    assert len(codes) == 101 and deux_departements["besancon_commune"].code_insee not in codes


def test_la_page_du_superutilisateur_montre_les_deux_departements(
    client, comptes, deux_departements
):
    client.force_login(comptes["admin@guichet.demo"])

    page = client.get("/tableau-de-bord/?onglet=toutes")

    assert page.status_code == 200
    repartition = page.context["repartition"]
    communes = {nom: nombre for nom, _, nombre in repartition["communes_alternatif"]}
    assert communes == {"Delle": 1, "Besançon d'essai": 1}
    # A demande outside the contours the project ships: the table alone, no half-empty map.
    assert page.context["repartition"]["carte"] == ""
    # Filtered to Delle, the Territoire de Belfort's map is drawn, every commune in it.
    delle = Collectivite.objects.get(code_insee="90033")
    filtree = client.get(f"/tableau-de-bord/?onglet=toutes&commune={delle.pk}")
    assert str(filtree.context["repartition"]["carte"]).count("<path ") == 101


def test_le_nombre_de_requetes_ne_suit_pas_le_nombre_de_communes(
    client, comptes, deux_departements, django_assert_max_num_queries
):
    du_doubs = deux_departements["doubs"]
    client.force_login(comptes["admin@guichet.demo"])
    client.get("/tableau-de-bord/?onglet=toutes")
    cache.clear()  # the figures of the default view are counted, here and below
    with django_assert_max_num_queries(100) as peu:
        client.get("/tableau-de-bord/?onglet=toutes")
    for nom in ("Pontarlier d'essai", "Morteau d'essai", "Baume d'essai"):
        DemandeFactory(
            collectivite=CommuneFactory(nom=nom, departement=du_doubs),
            deposant=deux_departements["maire_besancon"],
            titre=f"Projet de {nom}",
        )
    cache.clear()
    with django_assert_max_num_queries(len(peu.captured_queries)) as beaucoup:
        page = client.get("/tableau-de-bord/?onglet=toutes")
    assert len(page.context["repartition"]["communes_alternatif"]) == 5
    assert len(beaucoup.captured_queries) == len(peu.captured_queries)
