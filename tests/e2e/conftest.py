"""Browser journeys: Debian's Chromium driven by Playwright against pytest-django's live server.

Every page a test visits goes through ``examiner`` (axe-core plus a few structural checks, then,
with ``CAPTURES=1``, screenshots at desktop and mobile widths into ``test-results/captures/``).
"""

import json
import os
from pathlib import Path

import pytest

from tests.outils.deux_departements import (  # noqa: F401  (shared fixtures)
    besancon,
    doubs,
    maire_besancon,
    prefecture_doubs,
)

# Debian's headless shell (package chromium-headless-shell), the browser Playwright itself runs
# headless: a quarter less CPU than the full Chromium for the same journeys (measured on
# tests/e2e/test_tableau.py and test_comite.py: 29 against 21 CPU-seconds for the browser). The
# full Chromium (package chromium) when the shell is not installed, or CHROMIUM_PATH's.
NAVIGATEURS = [
    Path("/usr/lib/chromium/chromium-headless-shell"),
    Path("/usr/bin/chromium"),
]
CHROMIUM = Path(
    os.environ.get("CHROMIUM_PATH")
    or next((str(chemin) for chemin in NAVIGATEURS if chemin.is_file()), NAVIGATEURS[0])
)
RAISON_SANS_CHROMIUM = (
    "Chromium absent : tests navigateur sautés (apt-get install chromium-headless-shell)"
)
# Outside services a page sends the browser to: never resolved, so that no request leaves the
# test (the test sees the navigation request, which then fails).
SERVICES_EXTERIEURS = ["www.demarches-simplifiees.fr"]

# The machine has no internet access: without these switches Chromium keeps trying to reach
# Google's services (updates, sync, field trials) and slows every start.
ARGUMENTS_CHROMIUM = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=" + ", ".join(f"MAP {hote} ~NOTFOUND" for hote in SERVICES_EXTERIEURS),
]

BUREAU = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 812}
RESULTATS = Path(__file__).resolve().parents[2] / "test-results"
CAPTURES = RESULTATS / "captures"
# Every axe finding, minor ones and those axe cannot decide ("incomplete") included, kept
# for a human review; only the serious and critical violations fail the test.
RAPPORTS_AXE = RESULTATS / "axe"

# A real person waits a few seconds at most; failing fast keeps a broken journey from eating
# the suite's time budget on Playwright's 30-second default.
DELAI_MS = 10_000

# The impacts that fail a test, with the word the failure message uses.
IMPACTS_BLOQUANTS = {"serious": "grave", "critical": "critique"}

# Structural checks axe leaves to humans or reports only as "moderate". Runs in the page;
# returns a list of French sentences, empty when the page is fine.
CONTROLES_STRUCTURELS = """
() => {
  const problemes = [];
  const affiche = (el) => el.checkVisibility();
  const texte = (el) => (el ? el.textContent.replace(/\\s+/g, " ").trim() : "");
  const decrire = (el) => {
    const id = el.id ? "#" + el.id : "";
    const nom = el.getAttribute("name") ? `[name="${el.getAttribute("name")}"]` : "";
    return `<${el.tagName.toLowerCase()}${id}${nom}>`;
  };

  const h1 = [...document.querySelectorAll("h1")].filter(affiche);
  if (h1.length !== 1) {
    problemes.push(`${h1.length} titre(s) h1 visibles au lieu d'un seul`);
  }

  let precedent = 0;
  for (const titre of document.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
    if (!affiche(titre)) continue;
    const niveau = Number(titre.tagName[1]);
    if (niveau > precedent + 1) {
      problemes.push(
        `titre h${niveau} « ${texte(titre).slice(0, 60)} » après un h${precedent} : ` +
        "niveau sauté"
      );
    }
    precedent = niveau;
  }

  const nomAccessible = (el) => {
    const references = (el.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean);
    const candidats = [
      references.map((id) => texte(document.getElementById(id))).join(" "),
      el.getAttribute("aria-label") || "",
      [...(el.labels || [])].map(texte).join(" "),
      el.getAttribute("title") || "",
    ];
    return candidats.map((c) => c.trim()).find(Boolean) || "";
  };
  // Buttons take their name from their text or value, which axe already checks.
  const sansNom = ["hidden", "submit", "button", "reset", "image"];
  for (const champ of document.querySelectorAll("input, select, textarea")) {
    if (sansNom.includes((champ.getAttribute("type") || "").toLowerCase())) continue;
    if (!affiche(champ)) continue;
    if (!nomAccessible(champ)) problemes.push(`champ sans nom accessible : ${decrire(champ)}`);
  }

  // An error summary or a skip link that points nowhere leaves keyboard users stranded.
  for (const lien of document.querySelectorAll('a[href^="#"]')) {
    const cible = decodeURIComponent(lien.getAttribute("href").slice(1));
    if (!cible || !document.getElementById(cible)) {
      problemes.push(
        `lien « ${texte(lien).slice(0, 60)} » vers « ${lien.getAttribute("href")} » : ` +
        "aucune cible dans la page"
      );
    }
  }

  if (!document.querySelector('.fr-skiplinks a[href="#content"]')) {
    problemes.push("lien d'évitement vers le contenu (#content) absent");
  } else if (!document.getElementById("content")) {
    problemes.push("le lien d'évitement mène à #content, qui n'existe pas");
  }
  return problemes;
}
"""


@pytest.fixture
def navigateur(monkeypatch):
    """Chromium, started for each test rather than once per session, and here is why.

    From ``start()`` to ``stop()`` Playwright's event loop counts as running in the test thread,
    and Django then hands out other database connections than the ones pytest-django set the
    test database up with: the serialized state that ``serialized_rollback`` restores hangs on
    the latter, so a session-wide browser left every test after the first without communes,
    themes or operators, and the tests run after this package as well. Started and stopped
    around each test, the loop never sees the database being set up or flushed. It costs
    about 0.4 s a test (Playwright's driver started, the headless shell launched and closed).
    """
    if not CHROMIUM.is_file():
        pytest.skip(RAISON_SANS_CHROMIUM)
    sync_api = pytest.importorskip("playwright.sync_api")
    from django.db import connections

    # Playwright's sync API keeps an asyncio event loop running in the test thread, so Django
    # takes every ORM call made from that thread for a call from async code and refuses it.
    # These tests never touch the database while the browser waits on the live server, so the
    # guard can be lifted, but only while the browser runs: set for the whole process, the
    # variable reached the `manage.py check --deploy` subprocess of another test (async.E001).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    playwright = sync_api.sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGUMENTS_CHROMIUM
        )
        yield chromium
        chromium.close()
    finally:
        # The connections opened while the loop ran are only reachable while it runs: close
        # them now, or PostgreSQL refuses to drop the test database at the end.
        connections.close_all()
        playwright.stop()


def _ouvrir_contexte(navigateur, url):
    contexte = navigateur.new_context(
        base_url=url,
        locale="fr-FR",
        timezone_id="Europe/Paris",
        viewport=BUREAU,
        # The DSFR follows the system theme: pin it so that captures and contrasts are stable.
        color_scheme="light",
    )
    contexte.set_default_timeout(DELAI_MS)
    return contexte


@pytest.fixture
def page(navigateur, live_server):
    contexte = _ouvrir_contexte(navigateur, live_server.url)
    yield contexte.new_page()
    contexte.close()


@pytest.fixture
def nouvelle_page(navigateur, live_server):
    """Another person's browser: its own context, hence its own cookies and session."""
    ouverts = []

    def _nouvelle_page():
        ouverts.append(_ouvrir_contexte(navigateur, live_server.url))
        return ouverts[-1].new_page()

    yield _nouvelle_page
    for contexte in ouverts:
        contexte.close()


@pytest.fixture
def comptes_demo(transactional_db):
    """The demo accounts (the territory and themes come back with the serialized rollback)."""
    from demo.chargement import charger_comptes

    return charger_comptes()


@pytest.fixture
def fichier_pdf(tmp_path):
    """Write a valid PDF to disk, as a person would pick it in the file dialog."""
    from demandes.demo import pdf_de_demo

    def _fichier_pdf(nom="note.pdf", titre="Note de présentation"):
        chemin = tmp_path / nom
        chemin.write_bytes(pdf_de_demo(titre))
        return chemin

    return _fichier_pdf


def capture(page, nom):
    """Full-page screenshots at desktop and mobile widths, to review the layout by eye, when
    asked for (``CAPTURES=1 make test``): they assert nothing and cost a fifth of the time of
    the browser tests (measured on tests/e2e/test_pages.py: 60 to 69 s of calls without them,
    81 s with them)."""
    if os.environ.get("CAPTURES") != "1":
        return
    CAPTURES.mkdir(parents=True, exist_ok=True)
    for suffixe, taille in (("bureau", BUREAU), ("mobile", MOBILE)):
        page.set_viewport_size(taille)
        page.screenshot(path=CAPTURES / f"{nom}-{suffixe}.png", full_page=True)
    page.set_viewport_size(BUREAU)


def verifier_accessibilite(page, nom, *, structure=True):
    """Fail with a readable French list when axe or the structural checks find a problem
    (``structure=False``: axe alone, for Django's admin, which is not built on the DSFR)."""
    from axe_playwright_python.sync_playwright import Axe

    resultats = Axe().run(page)
    RAPPORTS_AXE.mkdir(parents=True, exist_ok=True)
    (RAPPORTS_AXE / f"{nom}.json").write_text(
        json.dumps(
            {
                "url": page.url,
                "violations": resultats.response["violations"],
                "incomplete": resultats.response["incomplete"],
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    problemes = []
    for violation in resultats.response["violations"]:
        if violation["impact"] not in IMPACTS_BLOQUANTS:
            continue
        cibles = [" ".join(noeud["target"]) for noeud in violation["nodes"][:3]]
        reste = len(violation["nodes"]) - len(cibles)
        problemes.append(
            f"[{IMPACTS_BLOQUANTS[violation['impact']]}] {violation['id']} : {violation['help']}"
            f" — éléments : {', '.join(cibles)}{f' (et {reste} autres)' if reste else ''}"
        )
    if structure:
        problemes.extend(page.evaluate(CONTROLES_STRUCTURELS))
    if problemes:
        liste = "\n".join(f"  - {probleme}" for probleme in problemes)
        pytest.fail(
            f"Accessibilité de la page « {nom} » ({page.url}) : {len(problemes)} problème(s)\n"
            f"{liste}",
            pytrace=False,
        )


def examiner(page, nom):
    """What every visited page goes through: accessibility first, then the captures."""
    page.wait_for_load_state("load")
    verifier_accessibilite(page, nom)
    capture(page, nom)


def se_connecter(page, email, mot_de_passe=None, *, nom_capture=None):
    """Log in through the login form; examine the form when ``nom_capture`` is given."""
    from demo.chargement import MOT_DE_PASSE

    page.goto("/comptes/connexion/")
    if nom_capture:
        examiner(page, nom_capture)
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(mot_de_passe or MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/comptes/connexion/" not in url)


@pytest.fixture(scope="session")
def fournisseur_oidc_du_navigateur(live_server):
    """The tests' OpenID Provider, registered with the live server's callback URLs."""
    from tests.outils.fournisseur_oidc import fournisseur_demarre

    with fournisseur_demarre(live_server.url) as fournisseur:
        yield fournisseur


@pytest.fixture
def proconnect(fournisseur_oidc_du_navigateur, settings):
    fournisseur_oidc_du_navigateur.configurer(settings)
    return fournisseur_oidc_du_navigateur


def s_identifier_chez_le_fournisseur(page, **claims):
    """Fill the tests' provider login page as the person would, and send it."""
    from tests.outils.fournisseur_oidc import identite

    for champ, valeur in identite(**claims).items():
        page.locator(f"#{champ}").fill(valeur)
    page.get_by_role("button", name="Se connecter").click()
