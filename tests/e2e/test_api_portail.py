"""An operator creates an API token and subscribes a webhook from the portal's DSFR pages."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import examiner, se_connecter

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_l_operateur_cree_un_jeton_et_s_abonne_aux_webhooks(page, comptes_demo, settings):
    settings.WEBHOOKS_ADRESSES_LOCALES = True
    se_connecter(page, "contact@cerema.demo")
    page.goto("/plan-du-site/")
    page.get_by_role("link", name="Jetons d'API").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jetons d'API")
    examiner(page, "api-jetons")
    page.get_by_label("Nom du jeton").fill("Synchronisation")
    page.get_by_role("radio", name="Lecture et écriture").check(force=True)
    page.get_by_role("button", name="Créer le jeton").click()
    expect(page.locator("#jeton-cree")).to_have_text(re.compile(r"^gu_"))
    examiner(page, "api-jeton-cree")

    page.get_by_role("link", name="webhooks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Webhooks")
    examiner(page, "api-webhooks")
    page.get_by_label("Adresse de réception").fill("http://127.0.0.1:9/guichet")
    page.get_by_role("checkbox", name="Demande orientée").check(force=True)
    page.get_by_role("button", name="S'abonner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Webhook vers http://127.0.0.1:9/guichet"
    )
    expect(page.get_by_text(re.compile(r"^whsec_"))).to_be_visible()
    examiner(page, "api-journal")
