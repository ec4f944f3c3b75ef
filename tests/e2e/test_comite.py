"""The comité's pages in a real browser, on the demo territory: a member reads the agenda,
downloads the PDF; the secretariat plans a séance."""

import pytest
from playwright.sync_api import expect

from .conftest import examiner, se_connecter

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demo_complete(transactional_db):
    from guichet.demo import charger_demo

    return charger_demo()


def test_un_membre_du_comite_lit_l_ordre_du_jour_et_le_telecharge(page, demo_complete):
    se_connecter(page, "membre@comite.demo")
    page.goto("/comite/seances/")
    examiner(page, "comite-seances")
    from comite.models import Seance

    seance = Seance.objects.get(points__demande__titre="Station hydrogène pour les bus urbains")
    page.locator(f"main a[href='/comite/seances/{seance.pk}/']").first.click()
    expect(page.get_by_text("Station hydrogène pour les bus urbains").first).to_be_visible()
    examiner(page, "comite-seance-membre")
    lien = page.locator("main a[href$='ordre-du-jour.pdf']").first
    reponse = page.request.get(lien.get_attribute("href"))
    assert reponse.headers["content-type"] == "application/pdf"
    assert reponse.body()[:5] == b"%PDF-"


def test_le_secretariat_prepare_une_seance(page, demo_complete):
    se_connecter(page, "prefet@prefecture.demo")
    page.goto("/comite/seances/")
    examiner(page, "comite-seances-etat")
    page.locator("main a[href^='/comite/seances/']").first.click()
    examiner(page, "comite-seance-etat")


def test_la_feuille_de_route_est_accessible(page, demo_complete):
    se_connecter(page, "prefet@prefecture.demo")
    page.goto("/comite/feuille-de-route/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Feuille de route du comité")
    examiner(page, "comite-feuille-de-route")
    page.goto("/tableau-de-bord/?onglet=toutes")
    expect(page.get_by_text("Priorité de la feuille de route").first).to_be_visible()
