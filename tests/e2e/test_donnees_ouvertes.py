"""Open data in a browser: anyone reads /donnees/ (figures, map, files); the préfète prepares
the DETR/DSIL dossier of a supported demande and lands on Démarches Simplifiées, prefilled."""

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import examiner, se_connecter
from .test_pages import examiner_partout, surveiller

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITRE = "Renouvellement urbain du quartier des Résidences"


@pytest.fixture
def demo_complete(transactional_db):
    from demo.chargement import charger_demo

    return charger_demo()


def test_un_visiteur_lit_les_donnees_ouvertes_depuis_le_pied_de_page(page, demo_complete):
    incidents = surveiller(page)
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Données ouvertes").click()
    page.wait_for_url("**/donnees/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Données ouvertes")
    expect(page.get_by_role("table", name="Projets accompagnés publiés")).to_contain_text(TITRE)
    expect(page.get_by_role("table", name="Projets par EPCI")).to_contain_text("CA Grand Belfort")
    expect(page.locator("svg.guichet-carte")).to_be_visible()
    # At desktop and mobile width: the tables scroll sideways on a phone.
    examiner_partout(page, incidents, "donnees-ouvertes")
    reponse = page.request.get("/donnees/projets.json")
    assert TITRE in {ligne["titre"] for ligne in reponse.json()}


def test_la_prefete_prepare_le_dossier_detr_dsil_pre_rempli(page, demo_complete):
    from demandes.models import Demande

    demande = Demande.objects.get(titre=TITRE)
    se_connecter(page, "prefet@prefecture.demo")
    page.goto(f"/demandes/{demande.pk}/")
    section = page.get_by_role("region", name="Dossier DETR/DSIL")
    expect(section).to_be_visible()
    examiner(page, "demande-dossier-detr-dsil")
    # The browser follows the portal's redirection to DS (the CSP's form-action lets it), and
    # goes no further: the conftest's browser never resolves DS's name.
    with page.expect_request("https://www.demarches-simplifiees.fr/**") as vers_ds:
        section.get_by_role("button", name="Préparer le dossier DETR/DSIL").click()
    lien = vers_ds.value.url
    assert urlsplit(lien).path == "/commencer/detr-dsil-90"
    assert parse_qs(urlsplit(lien).query)["champ_Q2hhbXAtMTAwMw"] == [TITRE]
    assert demande.dossiers_ds.count() == 2  # the demo's, and this one
