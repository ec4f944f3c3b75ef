"""The API's documentation page (Swagger UI from the sidecar package) works under the portal's
Content-Security-Policy: it draws every operation and calls the API with a token, and the
console stays free of errors (a refused inline script or style would be one)."""

import pytest
from playwright.sync_api import expect

from api import services
from guichet.comptes.organisations import Organisation
from guichet.territoire.models import Operateur

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_la_documentation_de_l_api_marche_sous_la_csp(page, comptes_demo):
    erreurs = []
    page.on("console", lambda m: erreurs.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exception: erreurs.append(str(exception)))
    _, jeton = services.creer_jeton(
        par=comptes_demo["contact@cerema.demo"],
        organisation=Organisation(operateur=Operateur.objects.get(slug="cerema")),
        nom="Documentation",
        portee="lecture",
    )
    page.goto("/api/v1/")
    # Swagger UI, once drawn, adds its own h1 (the schema's title and version) below the page's.
    titre = page.get_by_role("heading", level=1, name="API du Guichet unique", exact=True)
    expect(titre).to_be_visible()
    operation = page.locator("#operations-thematiques-thematiques_list")
    expect(operation).to_be_visible()
    expect(page.get_by_text("/api/v1/orientations/{id}/accepter/")).to_be_visible()

    page.get_by_role("button", name="Authorize").first.click()
    dialogue = page.locator(".dialog-ux")
    dialogue.locator("#auth-bearer-value").fill(jeton)
    dialogue.get_by_role("button", name="Apply credentials").click()
    dialogue.get_by_role("button", name="Close", exact=True).click()
    operation.click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    expect(
        operation.locator(".live-responses-table tr.response .response-col_status")
    ).to_have_text("200")
    expect(operation.locator(".live-responses-table")).to_contain_text("habitat")
    assert erreurs == []
