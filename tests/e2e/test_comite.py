"""The comité's pages in a real browser, on the demo territory: a member reads the agenda in
order, downloads the PDF and the invitation; the secretariat records a decision taken by
written consultation before the séance, which the collectivité then reads on its request; the
roadmap fits a phone. Every page state passes axe at desktop and mobile widths."""

import datetime

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from .conftest import BUREAU, MOBILE, examiner, se_connecter, verifier_accessibilite

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The demo's coming séance: its three items, the last one internal, and their 65 minutes.
POINTS_DE_LA_DEMO = [
    "1. Station hydrogène pour les bus urbains",
    "2. Point d'étape sur le programme Petites villes de demain",
    "3. Programmation des crédits de la dotation de soutien à l'investissement local",
]


@pytest.fixture
def demo_complete(transactional_db):
    from demo.chargement import charger_demo

    return charger_demo()


def examiner_partout(page, nom, *, tient_sur_mobile=True):
    """``examiner`` at desktop width, then axe again on a 375 px phone, where the page must not
    scroll sideways."""
    examiner(page, nom)
    page.set_viewport_size(MOBILE)
    try:
        verifier_accessibilite(page, f"{nom}-mobile")
        if tient_sur_mobile:
            largeur = page.evaluate("document.documentElement.scrollWidth")
            assert largeur <= MOBILE["width"], f"{nom} : {largeur} px de large sur 375 px"
    finally:
        page.set_viewport_size(BUREAU)


def _seance_a_venir():
    from comite.models import Seance

    return Seance.objects.get(points__demande__titre="Station hydrogène pour les bus urbains")


def test_un_membre_du_comite_lit_l_ordre_du_jour_et_le_telecharge(page, demo_complete):
    seance = _seance_a_venir()
    se_connecter(page, "membre@comite.demo")
    page.goto("/comite/seances/")
    examiner_partout(page, "comite-seances")
    # The coming séance is listed first, under its heading, before the past one.
    titres = page.locator("main h2, main table a").all_inner_texts()
    assert titres[0] == "Séances à venir"
    assert titres.index("Séances passées") == 2
    page.locator(f"main a[href='/comite/seances/{seance.pk}/']").first.click()
    expect(page.get_by_text("Station hydrogène pour les bus urbains").first).to_be_visible()
    cartes = page.locator("#ordre-du-jour .fr-card")
    expect(cartes.locator(".fr-card__title")).to_have_text(POINTS_DE_LA_DEMO)
    assert page.locator("#ordre-du-jour .fr-card .fr-card").count() == 0
    expect(page.get_by_text("Durée prévue : 65 minutes")).to_be_visible()
    examiner_partout(page, "comite-seance-membre")

    lien = page.locator("main a[href$='ordre-du-jour.pdf']").first
    reponse = page.request.get(lien.get_attribute("href"))
    assert reponse.headers["content-type"] == "application/pdf"
    assert reponse.body()[:5] == b"%PDF-"

    ics = page.request.get(page.locator("main a[href$='invitation.ics']").get_attribute("href"))
    calendrier = Calendar.from_ical(ics.body())
    assert str(calendrier["method"]) == "REQUEST"
    evenement = calendrier.walk("VEVENT")[0]
    assert evenement.decoded("dtend") - evenement.decoded("dtstart") == datetime.timedelta(
        minutes=65
    )
    assert "organizer" in evenement
    assert "mailto:membre@comite.demo" in [str(a) for a in evenement["attendee"]]


def test_le_secretariat_enregistre_une_decision_prise_par_consultation_ecrite(
    page, nouvelle_page, demo_complete
):
    seance = _seance_a_venir()
    se_connecter(page, "prefet@prefecture.demo")
    page.goto("/comite/seances/")
    examiner_partout(page, "comite-seances-etat")
    page.locator(f"main a[href='/comite/seances/{seance.pk}/']").first.click()
    expect(page.get_by_text("La séance n'a pas encore commencé")).to_be_visible()
    examiner_partout(page, "comite-seance-etat")

    page.get_by_role("link", name="Enregistrer la décision du point 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Décision du comité")
    examiner_partout(page, "comite-decision")
    page.get_by_text("Avis favorable", exact=True).click()
    page.get_by_text("En séance", exact=True).click()
    page.get_by_label("Commentaire").fill("Sous réserve du plan de financement de l'Ademe.")
    page.get_by_role("button", name="Enregistrer la décision").click()
    # Said next to the field, and in the error summary that leads to it.
    expect(page.locator("#id_mode-desc-error")).to_contain_text(
        "La séance n'a pas encore commencé (elle est prévue le"
    )
    expect(page.get_by_role("link", name="Mode de décision : La séance")).to_be_visible()
    examiner_partout(page, "comite-decision-refusee")
    page.get_by_text("Par consultation écrite", exact=True).click()
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Décision enregistrée")).to_be_visible()
    expect(page.get_by_text("Décidé par consultation écrite le")).to_be_visible()
    examiner_partout(page, "comite-seance-apres-decision")

    maire = nouvelle_page()
    se_connecter(maire, "maire@belfort.demo")
    demande = seance.points.get(demande__isnull=False).demande
    maire.goto(f"/demandes/{demande.pk}/")
    section = maire.locator("#decision-du-comite")
    expect(section.get_by_role("heading", level=2)).to_have_text("Décision du comité")
    expect(section.get_by_text("Avis favorable")).to_be_visible()
    expect(section.get_by_text("Par consultation écrite des membres, le")).to_be_visible()
    expect(section.get_by_text("Sous réserve du plan de financement de l'Ademe.")).to_be_visible()
    expect(
        maire.locator("#historique").get_by_text("Comité local de cohésion des territoires")
    ).to_be_visible()
    # The demande's page belongs to another piece of work: only axe is asked of it on phones.
    examiner_partout(maire, "demande-decision-du-comite", tient_sur_mobile=False)
    section.get_by_role("link").click()
    expect(maire.get_by_role("heading", level=1)).to_contain_text("Séance du")


def test_la_feuille_de_route_tient_sur_un_telephone(page, demo_complete):
    se_connecter(page, "prefet@prefecture.demo")
    page.goto("/comite/feuille-de-route/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Feuille de route du comité")
    examiner_partout(page, "comite-feuille-de-route")
    page.set_viewport_size(MOBILE)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size(BUREAU)
    page.goto("/tableau-de-bord/?onglet=toutes")
    expect(page.get_by_text("Priorité de la feuille de route").first).to_be_visible()
