"""The new-request form, driven with the keyboard alone, and sent back with its errors."""

import re

import pytest
from playwright.sync_api import expect

from demandes.models import Demande, Statut
from demo.chargement import MOT_DE_PASSE

from .conftest import examiner, se_connecter

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Far more than the form has tab stops: a loop that never reaches its target must stop.
TABULATIONS_MAX = 150


def a_le_focus(element):
    return element.evaluate("(el) => el === document.activeElement")


def tabuler_jusqua(page, element):
    """Press Tab until ``element`` has the focus, as a keyboard user walks the page."""
    for _ in range(TABULATIONS_MAX):
        if a_le_focus(element):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{element} jamais atteint à la tabulation")


def choisir_bouton_radio(page, nom, valeur):
    """Tab into the group, then move with the arrows to the wanted choice and select it."""
    # With nothing selected yet, Tab enters a radio group on its first button.
    tabuler_jusqua(page, page.locator(f"input[name={nom}]").first)
    cible = page.locator(f"input[name={nom}][value={valeur}]")
    for _ in range(10):
        if a_le_focus(cible):
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    expect(cible).to_be_checked()


def test_une_demande_se_depose_au_clavier_seul(page, comptes_demo):
    page.goto("/comptes/connexion/")
    tabuler_jusqua(page, page.get_by_label("Adresse électronique"))
    page.keyboard.type("maire@delle.demo")
    page.keyboard.press("Tab")
    page.keyboard.type(MOT_DE_PASSE)
    page.keyboard.press("Enter")
    page.wait_for_url("/")
    tabuler_jusqua(page, page.get_by_role("link", name="Nouvelle demande").first)
    page.keyboard.press("Enter")
    page.wait_for_url("**/demandes/nouvelle/")

    tabuler_jusqua(page, page.get_by_label("Titre du projet"))
    page.keyboard.type("Voie verte entre Delle et Joncherey")
    page.keyboard.press("Tab")
    expect(page.locator("#id_description")).to_be_focused()
    page.keyboard.type("Une liaison cyclable sécurisée de trois kilomètres.")
    for libelle in ("Mobilité", "Transition écologique et énergie"):
        tabuler_jusqua(page, page.get_by_label(libelle, exact=True))
        page.keyboard.press("Space")
        expect(page.get_by_label(libelle, exact=True)).to_be_checked()
    choisir_bouton_radio(page, "besoin", "ingenierie")
    choisir_bouton_radio(page, "maturite", "idee")
    tabuler_jusqua(page, page.get_by_label("Nom du contact"))
    page.keyboard.type("Louis Bernard")
    page.keyboard.press("Tab")
    page.keyboard.type("maire@delle.demo")
    tabuler_jusqua(page, page.get_by_role("button", name="Déposer la demande"))
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/demandes/\d+/$"))
    expect(page.locator("#statut")).to_contain_text("Déposée")
    examiner(page, "demande-deposee-au-clavier")
    demande = Demande.objects.get(titre="Voie verte entre Delle et Joncherey")
    assert demande.statut == Statut.DEPOSEE
    assert demande.besoin == "ingenierie"
    assert demande.maturite == "idee"
    assert set(demande.thematiques.values_list("nom", flat=True)) == {
        "Mobilité",
        "Transition écologique et énergie",
    }


def test_deposer_un_formulaire_vide_montre_le_resume_et_chaque_erreur_pres_de_son_champ(
    page, comptes_demo, fichier_pdf
):
    se_connecter(page, "maire@delle.demo")
    page.goto("/demandes/nouvelle/")
    # The contact comes from the account; emptied here to see its error.
    expect(page.get_by_label("Nom du contact")).to_have_value("Louis Bernard")
    expect(page.get_by_label("Adresse électronique du contact")).to_have_value("maire@delle.demo")
    page.get_by_label("Nom du contact").fill("")
    page.get_by_label("Adresse électronique du contact").fill("")
    page.get_by_label("Ajouter des documents").set_input_files(fichier_pdf("plan.pdf"))
    page.get_by_role("button", name="Déposer la demande").click()
    page.wait_for_load_state("load")

    expect(page).to_have_title(re.compile("^Erreur : Nouvelle demande"))
    resume = page.get_by_role("alert").filter(has_text="Le formulaire contient")
    expect(resume).to_be_visible()
    expect(resume.get_by_role("link")).to_have_count(7)
    expect(resume.get_by_role("link", name=re.compile("Titre du projet"))).to_have_attribute(
        "href", "#id_titre"
    )
    # A group of choices has no single field: the summary leads to its first choice.
    expect(resume.get_by_role("link", name=re.compile("Besoin principal"))).to_have_attribute(
        "href", "#id_besoin_0"
    )
    for champ, message in (
        ("#id_titre", "Indiquez le titre du projet."),
        ("#id_description", "Décrivez le projet."),
        ("#id_contact_nom", "Indiquez la personne à contacter."),
    ):
        groupe = page.locator(".fr-input-group").filter(has=page.locator(champ))
        expect(groupe).to_contain_text(message)
        expect(groupe).to_have_class(re.compile("fr-input-group--error"))
    for groupe, message in (
        ("#checkboxes-id_thematiques", "Choisissez au moins une thématique."),
        ("#radio-id_besoin", "Indiquez votre besoin principal."),
        ("#radio-id_maturite", "Indiquez où en est le projet."),
    ):
        expect(page.locator(groupe)).to_contain_text(message)
    # The chosen file is not lost: it waits, checked, and leaves with the corrected form.
    expect(page.get_by_label("Déjà joint : plan.pdf", exact=False)).to_be_checked()
    examiner(page, "nouvelle-demande-erreurs")
    assert not Demande.objects.exists()

    page.get_by_label("Titre du projet").fill("Voie verte entre Delle et Joncherey")
    page.get_by_label("Description du projet").fill("Trois kilomètres de piste cyclable.")
    page.locator("label").filter(has_text="Mobilité").click()
    page.locator("label").filter(has_text="Ingénierie").click()
    page.locator("label").filter(has_text="Idée ou intention").click()
    page.get_by_label("Nom du contact").fill("Louis Bernard")
    page.get_by_label("Adresse électronique du contact").fill("maire@delle.demo")
    page.get_by_role("button", name="Déposer la demande").click()
    page.wait_for_url(re.compile(r"/demandes/\d+/$"))
    expect(page.locator("#documents").get_by_role("link", name=re.compile("plan"))).to_be_visible()
    expect(page.locator("#historique")).to_contain_text(
        "Demande déposée par Louis Bernard (Delle) — Document joint : plan.pdf"
    )
    examiner(page, "demande-deposee-apres-erreurs")
    assert list(Demande.objects.get().pieces.values_list("nom", flat=True)) == ["plan.pdf"]
