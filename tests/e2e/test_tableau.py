"""The State's dashboard in a real browser: tabs, columns, filters, sort and pages through htmx,
at desktop and mobile widths, with no console error under the Content-Security-Policy."""

import re

import pytest
from playwright.sync_api import expect

from demandes.models import Statut
from guichet.territoire.models import Collectivite, Thematique
from tableau.francais import sans_accents
from tests.factories import DemandeFactory

from .conftest import BUREAU, DELAI_MS, MOBILE, examiner, se_connecter, verifier_accessibilite

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The table and the box it sits in, as the browser lays them out.
LARGEURS = """() => {
  const table = document.getElementById("table-demandes");
  return [table.getBoundingClientRect().width, table.closest(".fr-table").clientWidth];
}"""
LARGEUR_DE_LA_PAGE = "() => document.documentElement.scrollWidth"


@pytest.fixture
def demo(transactional_db):
    """The demo (demandes in every status) and 60 more filed ones: more than a page."""
    from demo.chargement import charger_demo

    charger_demo()
    belfort = Collectivite.objects.get(code_insee="90010")
    habitat = Thematique.objects.filter(slug="habitat")
    DemandeFactory.create_batch(60, collectivite=belfort, thematiques=habitat)
    DemandeFactory(titre="Étude de faisabilité d'une chaufferie bois")
    DemandeFactory(titre="Rénovation de la salle des fêtes", statut=Statut.EN_INSTRUCTION)


@pytest.fixture
def erreurs_de_console(page):
    """The console's errors and the page's uncaught exceptions, as they come."""
    erreurs = []
    page.on(
        "console", lambda message: erreurs.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda exception: erreurs.append(str(exception)))
    return erreurs


def examiner_aux_deux_largeurs(page, nom):
    """axe and the structural checks at 1280 px and at 375 px; at 1280 px the table fits its
    box, and at 375 px the page does not scroll sideways (the table scrolls in its own box)."""
    table, boite = page.evaluate(LARGEURS) if page.locator("#table-demandes").count() else (0, 0)
    assert table <= boite, f"{nom} : tableau de {table} px dans une boîte de {boite} px"
    examiner(page, nom)
    page.set_viewport_size(MOBILE)
    try:
        assert page.evaluate(LARGEUR_DE_LA_PAGE) <= MOBILE["width"], nom
        verifier_accessibilite(page, f"{nom}-mobile")
    finally:
        page.set_viewport_size(BUREAU)


def test_le_tableau_tient_au_bureau_et_sur_mobile_avec_les_colonnes_choisies(page, demo):
    se_connecter(page, "agent@ddt.demo")
    page.goto("/tableau-de-bord/")
    expect(page.locator("#table-demandes caption")).to_contain_text("À traiter")
    examiner_aux_deux_largeurs(page, "tableau-a-traiter")
    page.goto("/tableau-de-bord/?onglet=toutes")
    examiner_aux_deux_largeurs(page, "tableau-toutes")

    colonnes = page.get_by_role("group", name="Colonnes affichées")
    colonnes.get_by_label("Thématiques").check(force=True)
    expect(page.get_by_role("columnheader", name="Thématiques")).to_be_visible()
    colonnes.get_by_label("Opérateurs").check(force=True)
    expect(page.get_by_role("columnheader", name="Opérateurs")).to_be_visible()
    expect(page).to_have_url(re.compile(r"colonnes=thematiques.*colonnes=operateurs"))
    # More columns than fit: the table scrolls in its own box, never the page.
    assert page.evaluate(LARGEUR_DE_LA_PAGE) <= BUREAU["width"]
    examiner(page, "tableau-colonnes-choisies")
    # The choice stays with a change of tab.
    page.get_by_role("link", name=re.compile(r"^En attente")).click()
    expect(page.locator("#table-demandes caption")).to_contain_text("En attente")
    expect(page.get_by_role("columnheader", name="Opérateurs")).to_be_visible()


def test_onglet_filtre_tri_et_page_par_htmx_sans_erreur_de_console(page, demo, erreurs_de_console):
    se_connecter(page, "agent@ddt.demo")
    page.goto("/tableau-de-bord/")
    assert erreurs_de_console == []

    page.get_by_role("link", name=re.compile(r"^Toutes \(")).click()
    expect(page.locator("#table-demandes caption")).to_contain_text("Toutes")
    expect(page.get_by_role("heading", name=re.compile("onglet « Toutes »"))).to_be_visible()
    expect(page).to_have_url(re.compile(r"onglet=toutes"))
    assert erreurs_de_console == [], "changement d'onglet"
    examiner_aux_deux_largeurs(page, "tableau-htmx-onglet")

    statuts = page.get_by_role("group", name=re.compile("^Statut"))
    statuts.get_by_label("En instruction", exact=True).check(force=True)
    expect(page).to_have_url(re.compile(r"statut=en_instruction"))
    expect(
        page.get_by_role("heading", name=re.compile("avec les filtres en cours"))
    ).to_be_visible()
    statuts_listes = page.locator("#table-demandes tbody td:nth-child(4)").all_text_contents()
    assert {statut.strip() for statut in statuts_listes} == {"En instruction"}
    assert erreurs_de_console == [], "changement de filtre"
    examiner_aux_deux_largeurs(page, "tableau-htmx-filtre")

    statuts.get_by_label("En instruction", exact=True).uncheck(force=True)
    expect(page).not_to_have_url(re.compile(r"statut="))
    page.locator("#table-demandes thead").get_by_role("link", name="Projet").click()
    expect(page.locator('#table-demandes th[aria-sort="ascending"]')).to_contain_text("Projet")
    expect(page).to_have_url(re.compile(r"tri=titre"))
    assert erreurs_de_console == [], "tri"
    examiner_aux_deux_largeurs(page, "tableau-htmx-tri")

    premiere = page.locator("#table-demandes tbody tr").first.text_content()
    page.get_by_role("navigation", name="Pagination").get_by_role("link", name="2").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator("#table-demandes tbody tr").first).not_to_have_text(premiere)
    expect(page.locator('#table-demandes th[aria-sort="ascending"]')).to_contain_text("Projet")
    assert erreurs_de_console == [], "page"
    examiner_aux_deux_largeurs(page, "tableau-htmx-page")

    # Back and forward: the pages come from the server again, never from a copy that would
    # bring back the style attributes the CSP blocks.
    # (Through the history API: htmx answers the back button with a reload, which Playwright's
    # go_back, waiting for the first navigation, reports as aborted.)
    page.evaluate("history.back()")
    expect(page).not_to_have_url(re.compile(r"page=2"))
    expect(page.locator("#table-demandes tbody tr").first).to_have_text(premiere, timeout=DELAI_MS)
    page.evaluate("history.back()")
    expect(page).not_to_have_url(re.compile(r"tri=titre"))
    tri_par_projet = page.locator('#table-demandes th[aria-sort="ascending"]')
    expect(tri_par_projet).to_have_count(0, timeout=DELAI_MS)
    page.evaluate("history.forward()")
    expect(page).to_have_url(re.compile(r"tri=titre"))
    expect(tri_par_projet).to_contain_text("Projet", timeout=DELAI_MS)
    assert erreurs_de_console == [], "retour et avance"

    # A filter set after sorting keeps the sort.
    page.get_by_label("Rechercher").fill("Projet")
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page).to_have_url(re.compile(r"q=Projet"))
    expect(page).to_have_url(re.compile(r"tri=titre"))
    assert erreurs_de_console == [], "recherche"


def test_effacer_les_filtres_garde_l_onglet_apres_un_changement_par_htmx(page, demo):
    se_connecter(page, "agent@ddt.demo")
    page.goto("/tableau-de-bord/")
    page.get_by_role("link", name=re.compile(r"^En attente \(")).click()
    expect(page.locator("#table-demandes caption")).to_contain_text("En attente")
    page.get_by_label("Rechercher").fill("Delle")
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page).to_have_url(re.compile(r"q=Delle"))
    page.get_by_role("link", name="Effacer les filtres").click()
    expect(page).to_have_url(re.compile(r"onglet=en_attente"))
    expect(page).not_to_have_url(re.compile(r"q="))
    expect(page.get_by_label("Rechercher")).to_have_value("")
    expect(page.locator("#table-demandes caption")).to_contain_text("En attente")
    examiner(page, "tableau-filtres-effaces")


def test_effacer_les_filtres_garde_l_onglet_sans_javascript(navigateur, live_server, demo):
    contexte = navigateur.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport=BUREAU, locale="fr-FR"
    )
    try:
        page = contexte.new_page()
        se_connecter(page, "agent@ddt.demo")
        page.goto("/tableau-de-bord/")
        page.get_by_role("link", name=re.compile(r"^En attente \(")).click()
        page.get_by_label("Rechercher").fill("Delle")
        page.get_by_role("button", name="Appliquer les filtres").click()
        expect(page).to_have_url(
            re.compile(r"onglet=en_attente.*q=Delle|q=Delle.*onglet=en_attente")
        )
        page.get_by_role("link", name="Effacer les filtres").click()
        expect(page).to_have_url(re.compile(r"\?onglet=en_attente$"))
        expect(page.locator("#table-demandes caption")).to_contain_text("En attente")
    finally:
        contexte.close()


TITRES_DES_LIGNES = """() => [...document.querySelectorAll("#table-demandes tbody td:nth-child(3)")]
  .map((cellule) => cellule.firstChild.textContent.trim())"""


def test_recherche_sans_accents_et_tri_en_ordre_francais(page, demo):
    se_connecter(page, "agent@ddt.demo")
    page.goto("/tableau-de-bord/?onglet=toutes")
    page.get_by_label("Rechercher").fill("salle des fetes")
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page.locator("#table-demandes tbody tr")).to_have_count(1)
    expect(page.locator("#table-demandes tbody")).to_contain_text(
        "Rénovation de la salle des fêtes"
    )
    examiner(page, "tableau-recherche-sans-accents")

    page.get_by_role("link", name="Effacer les filtres").click()
    page.locator("#table-demandes thead").get_by_role("link", name="Projet").click()
    expect(page.locator('#table-demandes th[aria-sort="ascending"]')).to_contain_text("Projet")
    titres = page.evaluate(TITRES_DES_LIGNES)
    assert "Étude de faisabilité d'une chaufferie bois" in titres
    initiales = [sans_accents(titre)[0] for titre in titres]
    assert initiales == sorted(initiales), titres
