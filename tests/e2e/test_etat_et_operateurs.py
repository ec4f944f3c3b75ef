"""The State's and the operators' pages in a real browser: dashboard, actions, inbox, directory."""

import pytest
from playwright.sync_api import expect

from demandes import services
from demandes.demo import pdf_de_demo
from demandes.models import Demande, Statut
from guichet.territoire.models import Collectivite, Operateur, Thematique
from tests.demandes.conftest import donnees_completes
from tests.outils.deux_departements import demande_orientee

from .conftest import examiner, se_connecter

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demandes_deposees(comptes_demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    maire = comptes_demo["maire@delle.demo"]
    deposees = []
    for titre, theme in (
        ("Sécurisation de l'eau potable", "eau-potable"),
        ("Salle des fêtes", "habitat"),
    ):
        brouillon = services.creer_brouillon(
            collectivite=Collectivite.objects.get(code_insee="90033"),
            par=maire,
            donnees=donnees_completes(titre=titre),
            thematiques=Thematique.objects.filter(slug=theme),
            fichiers=[SimpleUploadedFile("note.pdf", pdf_de_demo(titre), "application/pdf")],
        )
        deposees.append(
            services.deposer_demande(demande=brouillon, par=maire, version=brouillon.version)
        )
    return deposees


def test_l_agent_de_la_ddt_trie_prend_en_charge_et_oriente(page, demandes_deposees):
    eau = demandes_deposees[0]
    se_connecter(page, "agent@ddt.demo")
    page.goto("/tableau-de-bord/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord des demandes")
    examiner(page, "etat-tableau-de-bord")

    page.get_by_label("Rechercher").fill("eau potable")
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page.locator("#table-demandes tbody tr")).to_have_count(1)
    examiner(page, "etat-tableau-de-bord-filtre")

    page.get_by_role("link", name=eau.reference).click()
    page.get_by_role("button", name="Prendre en charge").click()
    expect(page.get_by_text("Vous êtes le référent de cette demande.")).to_be_visible()
    examiner(page, "etat-demande")

    page.get_by_role("link", name="Orienter vers des opérateurs").click()
    page.get_by_role("button", name="Orienter la demande").click()
    expect(page.get_by_text("Choisissez au moins un opérateur.").first).to_be_visible()
    examiner(page, "etat-orienter-erreurs")
    page.get_by_label("Centre d'études", exact=False).check(force=True)
    page.get_by_label("Message pour les opérateurs").fill("Étude hydraulique à cadrer")
    page.get_by_role("button", name="Orienter la demande").click()
    expect(page.get_by_text("Demande orientée : les opérateurs")).to_be_visible()
    assert Demande.objects.get(pk=eau.pk).statut == Statut.ORIENTEE

    page.goto("/tableau-de-bord/?onglet=archivees")
    expect(page.get_by_text("Aucune demande dans cet onglet avec ces filtres.")).to_be_visible()
    examiner(page, "etat-tableau-de-bord-vide")


def orientee_vers_le_cerema(demande, ddt):
    """``demande``, taken charge of by the DDT's ``ddt`` and routed to the Cerema."""
    demande = services.prendre_en_charge(demande=demande, par=ddt, version=demande.version)
    return services.orienter_demande(
        demande=demande,
        par=ddt,
        version=demande.version,
        operateurs=[Operateur.objects.get(slug="cerema")],
    )


def test_le_cerema_accepte_et_donne_son_avis(page, demandes_deposees, comptes_demo):
    eau = orientee_vers_le_cerema(demandes_deposees[0], comptes_demo["agent@ddt.demo"])
    se_connecter(page, "contact@cerema.demo")
    page.goto("/operateurs/demandes/")
    examiner(page, "operateur-boite")
    page.get_by_role("link", name=eau.reference).click()
    page.get_by_role("link", name="Accepter").click()
    examiner(page, "operateur-accepter")
    page.get_by_role("button", name="Accepter la demande").click()
    page.get_by_role("link", name="Donner un avis et une offre").click()
    page.get_by_role("button", name="Enregistrer l'avis et l'offre").click()
    expect(page.get_by_text("Rédigez votre avis.").first).to_be_visible()
    examiner(page, "operateur-avis-erreurs")
    page.get_by_label("Votre avis sur le projet").fill("Projet pertinent")
    page.get_by_label("Étude", exact=True).check(force=True)
    page.get_by_label("Jours d'ingénierie estimés").fill("12")
    page.get_by_label("L'appui proposé à la collectivité").fill("Étude hydraulique de douze jours")
    page.get_by_role("button", name="Enregistrer l'avis et l'offre").click()
    expect(page.get_by_text("Avis et offre enregistrés.")).to_be_visible()
    examiner(page, "operateur-demande")

    page.goto("/operateurs/")
    examiner(page, "annuaire-operateurs")
    page.get_by_role("link", name="Cerema").click()
    examiner(page, "fiche-operateur")


def test_un_operateur_national_choisit_le_departement_puis_la_commune(
    page, demandes_deposees, comptes_demo, doubs, besancon, maire_besancon, prefecture_doubs
):
    """Issue #23: a demande of each département routed to the Cerema, which has no local team;
    its inbox asks for the département before listing communes, without JavaScript."""
    eau = orientee_vers_le_cerema(demandes_deposees[0], comptes_demo["agent@ddt.demo"])
    du_doubs = demande_orientee(
        collectivite=besancon,
        deposant=maire_besancon,
        par=prefecture_doubs,
        operateurs=["cerema"],
        titre="Passerelle sur le Doubs",
    )
    se_connecter(page, "contact@cerema.demo")
    page.goto("/operateurs/demandes/")
    expect(page.get_by_text("choisissez d'abord un département")).to_be_visible()
    expect(page.get_by_role("link", name=eau.reference)).to_be_visible()
    examiner(page, "operateur-boite-deux-departements")

    page.get_by_label("Département").select_option(str(doubs.pk))
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("link", name=du_doubs.reference)).to_be_visible()
    expect(page.get_by_role("link", name=eau.reference)).to_have_count(0)
    page.get_by_label("Commune").select_option(label="Besançon d'essai")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_label("Commune")).to_have_value(str(besancon.pk))
    expect(page.get_by_label("Département")).to_have_value(str(doubs.pk))
    expect(page.get_by_role("link", name=du_doubs.reference)).to_be_visible()
    examiner(page, "operateur-boite-commune-du-doubs")
