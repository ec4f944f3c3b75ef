"""What people read: operators with their article, French plurals, the reason of a routing
suggestion, one mention of optional fields; and on a phone (375 px), the mayor's list and the
history fit the screen."""

import pytest
from playwright.sync_api import expect

from demandes import services
from demandes.models import Demande, Evenement, TypeEvenement
from guichet.territoire.models import Collectivite, Operateur, Thematique
from operateurs import services as operateurs

from .conftest import BUREAU, MOBILE, examiner, se_connecter, verifier_accessibilite

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LARGEUR_DE_LA_PAGE = "document.documentElement.scrollWidth"


def deposer(comptes, titre, themes):
    maire = comptes["maire@delle.demo"]
    demande = services.creer_brouillon(
        collectivite=Collectivite.objects.get(code_insee="90033"),
        par=maire,
        donnees={
            "titre": titre,
            "description": "Un projet de la commune, décrit pour le comité.",
            "besoin": "ingenierie",
            "maturite": "idee",
            "contact_nom": "Louis Bernard",
            "contact_email": "maire@delle.demo",
        },
        thematiques=Thematique.objects.filter(slug__in=themes),
    )
    return services.deposer_demande(demande=demande, par=maire, version=demande.version)


@pytest.fixture
def demandes_de_delle(comptes_demo):
    """A demande in instruction, and one on the same theme routed to the Ademe (which
    accepted) and the Cerema, with a history long enough for two-digit numbers."""
    agent = comptes_demo["agent@ddt.demo"]
    covoiturage = deposer(comptes_demo, "Aire de covoiturage près de la gare", ["mobilite"])
    services.prendre_en_charge(demande=covoiturage, par=agent, version=covoiturage.version)
    demande = deposer(
        comptes_demo,
        "Réhabilitation thermique de l'école Jules-Ferry, bâtiment B et restaurant scolaire",
        ["transition-ecologique-energie", "mobilite"],
    )
    demande = services.prendre_en_charge(demande=demande, par=agent, version=demande.version)
    demande = services.orienter_demande(
        demande=demande,
        par=agent,
        version=demande.version,
        operateurs=Operateur.objects.filter(slug__in=["ademe", "cerema"]),
    )
    operateurs.accepter(
        orientation=demande.orientations.get(operateur__slug="ademe"),
        par=comptes_demo["contact@ademe.demo"],
    )
    Evenement.objects.bulk_create(
        Evenement(
            demande=demande,
            auteur=agent,
            type=TypeEvenement.MODIFICATION,
            libelle=f"Point d'étape numéro {numero} avec la commune",
        )
        for numero in range(1, 9)
    )
    return Demande.objects.get(pk=demande.pk)


def test_sur_telephone_le_maire_voit_statut_et_prochaine_etape_et_tout_l_historique(
    page, demandes_de_delle
):
    se_connecter(page, "maire@delle.demo")
    page.set_viewport_size(MOBILE)
    page.goto("/demandes/")
    carte = page.get_by_role("listitem").filter(has_text="Réhabilitation thermique")
    expect(carte).to_be_visible()
    expect(carte.get_by_text("Orientée", exact=True)).to_be_visible()
    expect(carte.get_by_text("Prochaine étape : En attente des opérateurs")).to_be_visible()
    expect(carte.get_by_role("link", name="Réhabilitation thermique")).to_be_visible()
    expect(page.get_by_role("table")).to_be_hidden()
    assert page.evaluate(LARGEUR_DE_LA_PAGE) <= MOBILE["width"]
    verifier_accessibilite(page, "mes-demandes-telephone")

    page.set_viewport_size(BUREAU)
    ligne = page.get_by_role("row").filter(has_text="Réhabilitation thermique")
    expect(ligne).to_contain_text("Orientée")
    expect(ligne).to_contain_text("En attente des opérateurs")
    examiner(page, "mes-demandes-cartes-et-tableau")

    page.set_viewport_size(MOBILE)
    carte.get_by_role("link", name="Réhabilitation thermique").click()
    page.wait_for_url(f"**{demandes_de_delle.get_absolute_url()}")
    historique = page.locator("#historique")
    expect(historique).to_contain_text("Accompagnement accepté")
    numeros = historique.locator(".guichet-historique__numero")
    expect(numeros.last).to_have_text(f"{numeros.count()}.")
    assert numeros.count() >= 10
    for numero in numeros.all():
        boite = numero.bounding_box()
        assert boite["x"] >= 0 and boite["x"] + boite["width"] <= MOBILE["width"], boite
    assert page.evaluate(LARGEUR_DE_LA_PAGE) <= MOBILE["width"]
    verifier_accessibilite(page, "demande-telephone")
    page.set_viewport_size(BUREAU)
    examiner(page, "demande-historique-numerote")


def test_l_agent_lit_pourquoi_chaque_operateur_est_propose_et_l_operateur_son_article(
    page, nouvelle_page, demandes_de_delle
):
    demande = Demande.objects.get(titre="Aire de covoiturage près de la gare")
    se_connecter(page, "agent@ddt.demo")
    page.goto(f"/demandes/{demande.pk}/orienter/")
    expect(page.get_by_role("main")).to_contain_text("Mobilité")
    expect(page.get_by_role("main")).to_contain_text("Ingénierie")
    expect(page.get_by_label("Agence de la transition écologique (Ademe)")).to_be_visible()
    expect(
        page.get_by_text("Thématique Mobilité : règle de l'Ademe ; 1 accompagnement")
    ).to_be_visible()
    expect(page.get_by_text("Thématique Mobilité : règle du Cerema")).to_be_visible()
    expect(page.get_by_text("Message pour les opérateurs (Optionnel)")).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text("règles :")
    examiner(page, "orienter-avec-raisons")

    operateur = nouvelle_page()
    se_connecter(operateur, "contact@cerema.demo")
    operateur.goto("/operateurs/demandes/")
    expect(operateur.get_by_role("main")).to_contain_text("1 demande attend votre réponse.")
    operateur.goto(demandes_de_delle.get_absolute_url())
    expect(operateur.get_by_role("heading", name="Réponse du Cerema")).to_be_visible()
    examiner(operateur, "reponse-du-cerema")

    ademe = nouvelle_page()
    se_connecter(ademe, "contact@ademe.demo")
    ademe.goto("/operateurs/demandes/?statut=proposee")
    expect(ademe.get_by_role("main")).to_contain_text("Aucune demande n'attend votre réponse.")
    examiner(ademe, "boite-sans-demande-a-repondre")
    ademe.goto("/operateurs/banque-des-territoires/")
    expect(ademe.get_by_role("main")).to_contain_text(
        "Pour solliciter la Banque des Territoires, déposez une demande"
    )
    examiner(ademe, "fiche-banque-des-territoires")
