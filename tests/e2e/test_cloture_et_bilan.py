"""The préfète closes a supported demande with its outcome, then reads the year's report."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import examiner, se_connecter

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITRE = "Renouvellement urbain du quartier des Résidences"


@pytest.fixture
def demo_complete(transactional_db):
    from demo.chargement import charger_demo

    return charger_demo()


def test_la_prefete_cloture_avec_l_issue_puis_lit_le_bilan_de_l_annee(page, demo_complete):
    from demandes.models import Demande

    demande = Demande.objects.get(titre=TITRE)
    se_connecter(page, "prefet@prefecture.demo")
    page.goto(f"/demandes/{demande.pk}/")
    page.get_by_role("link", name="Clôturer la demande").click()
    page.wait_for_url(f"**/demandes/{demande.pk}/cloturer/")
    examiner(page, "cloture")

    # Nothing chosen: the page says what is missing next to the field, and keeps the rest.
    page.get_by_label("Financeurs").fill("ANRU, Région Bourgogne-Franche-Comté")
    page.get_by_role("button", name="Clôturer la demande").click()
    expect(page.get_by_text("Choisissez l'issue du projet.", exact=True)).to_be_visible()
    expect(page.get_by_label("Financeurs")).to_have_value("ANRU, Région Bourgogne-Franche-Comté")
    examiner(page, "cloture-erreur")

    # The DSFR draws its own radio over the real input: a person clicks the label.
    page.locator("label").filter(has_text=re.compile(r"^\s*Projet réalisé\s*$")).click()
    page.get_by_label("Financement obtenu (€)").fill("8000000")
    page.get_by_role("button", name="Clôturer la demande").click()
    page.wait_for_url(re.compile(rf"/demandes/{demande.pk}/(#.*)?$"))
    expect(page.locator("#historique")).to_contain_text("Demande clôturée")
    expect(page.locator("main")).to_contain_text("Projet réalisé")
    examiner(page, "cloturee-avec-issue")

    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Bilan de l'année"
    ).click()
    annee = timezone.localdate().year
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Bilan {annee} du guichet unique")
    expect(page.locator("main")).to_contain_text("Projet réalisé")
    examiner(page, "bilan-de-l-annee")
