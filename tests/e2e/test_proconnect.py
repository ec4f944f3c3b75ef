"""Signing in with ProConnect in Chromium, against the tests' OpenID Provider (tests/oidc)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from guichet.comptes.models import User

from .conftest import examiner, s_identifier_chez_le_fournisseur

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def commencer(page):
    page.goto("/comptes/connexion/")
    page.get_by_role("link", name="S'identifier avec ProConnect").click()
    page.wait_for_url(lambda url: "/interaction/" in url)


def attendre_le_portail(page, live_server):
    page.wait_for_url(lambda url: url.startswith(live_server.url) and "/retour/" not in url)


@pytest.fixture
def comptes_d_avant(transactional_db):
    """The accounts present before the test: the demo's, unless a browser test run earlier on
    this worker emptied the database. What a sign-in creates is compared against them."""
    return set(User.objects.values_list("pk", flat=True))


def crees_depuis(avant):
    return User.objects.exclude(pk__in=avant)


def bouton_deconnexion(page):
    return page.get_by_role("button", name="Se déconnecter")


def refus(page, nom):
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Connexion avec ProConnect impossible"
    )
    examiner(page, nom)
    expect(bouton_deconnexion(page)).to_have_count(0)


def test_connexion_retour_deconnexion_et_rappel_rejoue(
    page, live_server, proconnect, comptes_d_avant
):
    requetes = []
    page.on("request", lambda requete: requetes.append(requete.url))
    page.goto("/comptes/connexion/")
    examiner(page, "connexion-proconnect")
    commencer(page)
    s_identifier_chez_le_fournisseur(page)
    attendre_le_portail(page, live_server)
    expect(bouton_deconnexion(page)).to_be_visible()
    user = User.objects.get(proconnect_sub="agent-1")
    assert (user.email, user.prenom, user.nom, user.siret) == (
        "agent.un@prefecture.gouv.fr",
        "Camille",
        "Dupont",
        "13000000000001",
    )
    (rappel,) = [url for url in requetes if "/comptes/proconnect/retour/" in url]

    bouton_deconnexion(page).click()
    expect(
        page.get_by_text("Vous êtes déconnecté du guichet unique et de ProConnect")
    ).to_be_visible()
    (fin,) = [url for url in requetes if url.startswith(f"{proconnect.issuer}/session/end?")]
    parametres = parse_qs(urlsplit(fin).query)
    assert parametres["id_token_hint"][0].count(".") == 2
    assert parametres["post_logout_redirect_uri"] == [
        f"{live_server.url}/comptes/proconnect/deconnexion/retour/"
    ]
    expect(bouton_deconnexion(page)).to_have_count(0)

    # The same person comes back with another address: found by sub, not created again.
    commencer(page)
    s_identifier_chez_le_fournisseur(page, email="camille.dupont@ddt.gouv.fr")
    attendre_le_portail(page, live_server)
    expect(bouton_deconnexion(page)).to_be_visible()
    assert list(crees_depuis(comptes_d_avant).values_list("email", flat=True)) == [
        "camille.dupont@ddt.gouv.fr"
    ]

    # The first callback, replayed in a browser without session: refused.
    page.context.clear_cookies()
    page.goto(rappel)
    refus(page, "proconnect-rappel-rejoue")


def test_un_state_faux_affiche_une_erreur_claire(page, live_server, proconnect, comptes_d_avant):
    """A sign-in under way in this browser, and a callback that carries another state (a link
    forged elsewhere, to sign the person in as someone else)."""
    commencer(page)
    page.goto(f"/comptes/proconnect/retour/?code=un-code&state={'f' * 43}")
    refus(page, "proconnect-state-faux")
    expect(page.get_by_text("ne correspond à aucune connexion en cours")).to_be_visible()
    assert not crees_depuis(comptes_d_avant).exists()


@pytest.mark.parametrize(
    ("client_id", "tolerance"), [("guichet-lent", 0), ("guichet-substitue", 60)]
)
def test_un_jeton_expire_ou_pour_un_autre_client_ne_connecte_personne(
    page, live_server, proconnect, settings, client_id, tolerance, comptes_d_avant
):
    proconnect.configurer(settings, client_id=client_id)
    settings.PROCONNECT_TOLERANCE_HORLOGE = tolerance
    commencer(page)
    s_identifier_chez_le_fournisseur(page)
    refus(page, f"proconnect-refus-{client_id}")
    expect(page.get_by_text("jeton expiré, destiné à un autre service")).to_be_visible()
    assert not crees_depuis(comptes_d_avant).exists()
