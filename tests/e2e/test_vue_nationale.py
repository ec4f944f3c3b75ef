"""The ANCT's agent reads the national view in a browser: the menu leads there, the page passes
axe at desktop and mobile widths, a département of the map leads to its row of the table."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import se_connecter
from .test_pages import examiner_partout, surveiller

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def deux_departements(transactional_db):
    """The demo (the Territoire de Belfort) and three demandes of a made-up commune of the Doubs,
    one of them taken charge of after three days."""
    from demandes.models import Statut
    from demo.chargement import charger_demo
    from tests.factories import CommuneFactory, DemandeFactory

    charger_demo()
    commune = CommuneFactory()
    depot = timezone.now() - datetime.timedelta(days=10)
    for statut, prise in [
        (Statut.DEPOSEE, None),
        (Statut.EN_INSTRUCTION, depot + datetime.timedelta(days=3)),
        (Statut.CLASSEE_SANS_SUITE, None),
    ]:
        DemandeFactory(
            collectivite=commune, statut=statut, date_depot=depot, date_prise_en_charge=prise
        )


def test_l_agent_de_l_anct_lit_la_vue_nationale(page, deux_departements):
    incidents = surveiller(page)
    se_connecter(page, "anct@anct.demo")
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Vue nationale"
    ).click()
    page.wait_for_url("**/national/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vue nationale")
    tableau = page.get_by_role("table", name="Demandes par département")
    doubs = tableau.get_by_role("row", name="25 — Doubs")
    expect(doubs).to_contain_text("3")
    expect(tableau.get_by_role("row", name="90 — Territoire de Belfort")).to_be_visible()
    expect(page.get_by_role("table", name="Demandes par thématique")).to_be_visible()
    expect(page.get_by_role("table", name="Demandes par programme national")).to_be_visible()
    expect(page.locator("svg.guichet-carte--france")).to_be_visible()
    examiner_partout(page, incidents, "vue-nationale")

    # The map is a picture: each département leads to its row, where the figures are.
    page.locator('svg.guichet-carte--france a[href="#departement-25"]').click()
    page.wait_for_url("**/national/#departement-25")
    expect(doubs).to_be_in_viewport()

    annee = str(timezone.localdate().year)
    page.get_by_role("navigation", name="Année de dépôt").get_by_role("link", name=annee).click()
    page.wait_for_url(f"**/national/?annee={annee}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"déposées en {annee}")
    examiner_partout(page, incidents, "vue-nationale-annee")
