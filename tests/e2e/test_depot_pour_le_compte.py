"""The préfecture files a demande for Delle after a phone call; Delle's mayor takes it over."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import examiner, se_connecter
from .test_parcours_collectivite import cocher

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_la_prefete_depose_pour_delle_et_le_maire_reprend_la_demande(
    page, nouvelle_page, comptes_demo
):
    se_connecter(page, "prefet@prefecture.demo")
    page.goto("/tableau-de-bord/")
    page.get_by_role("link", name="Déposer pour une collectivité").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Déposer pour une collectivité")
    examiner(page, "depot-pour-le-compte")

    page.locator("#id_collectivite").select_option(label="Delle (Commune)")
    # The DSFR draws its own radio over the real input: a person clicks the label.
    page.locator("label").filter(has_text=re.compile(r"^\s*Téléphone\s*$")).click()
    expect(page.get_by_role("radio", name="Téléphone")).to_be_checked()
    page.get_by_label("Titre du projet").fill("Maison de santé de Delle")
    page.get_by_label("Description du projet").fill("Regrouper trois médecins et une pharmacie.")
    cocher(page, "Accès aux services publics et aux soins")
    cocher(page, "Conseil")
    cocher(page, "Idée ou intention")
    page.get_by_label("Nom du contact").fill("Secrétariat de mairie")
    page.get_by_label("Adresse électronique du contact").fill("mairie@delle.demo")
    page.get_by_role("button", name="Déposer pour la collectivité").click()

    page.wait_for_url(re.compile(r"/demandes/\d+/$"))
    adresse = page.url
    expect(page.locator("#historique")).to_contain_text(
        "pour la commune de Delle, à la suite d'un appel"
    )
    examiner(page, "demande-deposee-pour-le-compte")

    maire = nouvelle_page()
    se_connecter(maire, "maire@delle.demo")
    maire.goto(adresse)
    bouton = maire.get_by_role("button", name="Reprendre la demande")
    expect(bouton).to_be_visible()
    examiner(maire, "demande-a-reprendre")
    bouton.click()
    expect(maire.get_by_role("alert").or_(maire.locator(".fr-alert")).first).to_contain_text(
        "Vous avez repris la demande"
    )
    expect(maire.get_by_role("button", name="Reprendre la demande")).to_have_count(0)
    expect(maire.locator("#historique")).to_contain_text("Demande reprise par")
    examiner(maire, "demande-reprise")
