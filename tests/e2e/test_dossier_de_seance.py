"""The DDT chooses the documents of the séance's file, then downloads the file members get."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import examiner, se_connecter

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demo_complete(transactional_db):
    from demo.chargement import charger_demo

    return charger_demo()


def test_le_secretariat_choisit_les_documents_du_dossier_de_seance(page, demo_complete):
    from comite.demo import DEMANDE_A_VENIR
    from comite.models import PointOrdreDuJour

    point = PointOrdreDuJour.objects.select_related("seance").get(demande__titre=DEMANDE_A_VENIR)
    seance = point.seance
    se_connecter(page, "agent@ddt.demo")
    page.goto(f"/comite/seances/{seance.pk}/")
    page.get_by_role("link", name="Choisir les documents du dossier").click()
    page.wait_for_url(f"**/comite/seances/{seance.pk}/dossier/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Documents du dossier de séance")
    examiner(page, "dossier-de-seance-choix")

    # The DSFR draws its own checkbox over the real input: a person clicks the label.
    page.locator("label").filter(has_text=re.compile(r"note-de-presentation\.pdf")).click()
    page.get_by_role("button", name="Enregistrer le choix des documents").click()
    page.wait_for_url(re.compile(rf"/comite/seances/{seance.pk}/(#.*)?$"))
    expect(page.locator("main")).to_contain_text("Documents du dossier de séance enregistrés.")
    examiner(page, "dossier-de-seance-enregistre")
    assert point.pieces_du_dossier.get().nom == "note-de-presentation.pdf"

    lien = page.get_by_role("link", name="Télécharger le dossier de séance (PDF)")
    reponse = page.request.get(lien.get_attribute("href"))
    assert reponse.ok
    assert reponse.headers["content-type"] == "application/pdf"
    assert reponse.body().startswith(b"%PDF")

    # The page comes back with the box checked.
    page.goto(f"/comite/seances/{seance.pk}/dossier/")
    expect(page.get_by_label(re.compile(r"note-de-presentation\.pdf"))).to_be_checked()
