"""A newcomer asks for access to Delle, the préfète validates, the newcomer files a request;
a member invites a colleague, who creates their account from the link."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from guichet.comptes.models import User

from .conftest import examiner, se_connecter

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MOT_DE_PASSE = "un-mot-de-passe-solide"


def menu(page):
    return page.get_by_role("navigation", name="Menu principal")


def titre(page):
    return page.get_by_role("heading", level=1)


def cocher(page, libelle):
    page.locator("label").filter(has_text=libelle).click()
    expect(page.get_by_label(libelle, exact=True)).to_be_checked()


@pytest.fixture
def nouvelle(comptes_demo):
    return User.objects.create_user(
        "chloe.muller@exemple.fr",
        MOT_DE_PASSE,
        prenom="Chloé",
        nom="Muller",
        proconnect_sub="sub-de-demo",
        siret="21900033800017",
    )


def test_une_nouvelle_venue_demande_l_acces_la_prefete_valide_puis_elle_depose(
    page, nouvelle_page, nouvelle
):
    se_connecter(page, "chloe.muller@exemple.fr", MOT_DE_PASSE)
    expect(page.get_by_role("main")).to_contain_text("n'est encore rattaché à aucune organisation")
    examiner(page, "accueil-sans-rattachement")
    page.get_by_role("main").get_by_role("link", name="Demander l'accès").click()
    expect(titre(page)).to_have_text("Demander l'accès à une collectivité")
    # Delle comes from the SIRET of the ProConnect sign-in.
    expect(page.get_by_label("Collectivité")).to_have_value(re.compile(r"^\d+$"))
    expect(page.get_by_label("Collectivité").locator("option:checked")).to_contain_text("Delle")
    examiner(page, "demande-acces")
    page.get_by_label("Votre fonction").fill("Secrétaire de mairie")
    page.get_by_label("Message à la préfecture").fill("Je remplace Mme Perrin.")
    page.get_by_role("button", name="Envoyer la demande d'accès").click()
    expect(page.get_by_role("main")).to_contain_text("En attente de validation par la préfecture")
    examiner(page, "demande-acces-en-attente")

    prefete = nouvelle_page()
    se_connecter(prefete, "prefet@prefecture.demo")
    prefete.get_by_role("link", name="1 demande d'accès à examiner").click()
    expect(titre(prefete)).to_have_text("Demandes d'accès")
    carte = prefete.get_by_role("listitem").filter(has_text="Chloé Muller — Delle")
    expect(carte).to_contain_text("Je remplace Mme Perrin.")
    examiner(prefete, "validation-acces")
    carte.get_by_role("button", name="Valider").click()
    expect(prefete.get_by_role("status")).to_contain_text("Accès validé : Chloé Muller")
    expect(prefete.get_by_role("main")).to_contain_text("Aucune demande d'accès en attente.")
    examiner(prefete, "validation-acces-traitee")
    assert any(m.to == ["chloe.muller@exemple.fr"] for m in mail.outbox)

    page.goto("/")
    menu(page).get_by_role("link", name="Nouvelle demande").click()
    expect(titre(page)).to_have_text("Nouvelle demande")
    page.get_by_label("Titre du projet").fill("Rénovation du lavoir")
    page.get_by_label("Description du projet").fill("Reprise de la toiture et des bassins.")
    cocher(page, "Revitalisation des centres-villes")
    cocher(page, "Financement")
    cocher(page, "Études en cours")
    expect(page.get_by_label("Nom du contact")).to_have_value("Chloé Muller")
    page.get_by_role("button", name="Déposer la demande").click()
    page.wait_for_url(re.compile(r"/demandes/\d+/$"))
    expect(page.locator("#statut")).to_contain_text("Déposée")
    expect(page.locator("#historique")).to_contain_text("Demande déposée par Chloé Muller (Delle)")


def test_le_maire_invite_une_collegue_qui_cree_son_compte_par_le_lien(
    page, nouvelle_page, comptes_demo
):
    se_connecter(page, "maire@delle.demo")
    menu(page).get_by_role("link", name="Membres").click()
    expect(titre(page)).to_have_text("Membres de la commune de Delle")
    examiner(page, "membres-collectivite")
    page.get_by_label("Adresse électronique du collègue").fill("ines.garnier@exemple.fr")
    page.get_by_label("Sa fonction").fill("Secrétaire de mairie")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_role("status")).to_contain_text("Invitation envoyée")
    examiner(page, "membres-invitation-envoyee")
    (courriel,) = [m for m in mail.outbox if m.to == ["ines.garnier@exemple.fr"]]
    lien = re.search(r"https?://[^/\s]+(/comptes/invitations/\S+/)", courriel.body)[1]

    nouvelle = nouvelle_page()
    nouvelle.goto(lien)
    expect(titre(nouvelle)).to_have_text("Rejoindre la commune de Delle")
    examiner(nouvelle, "invitation-creer-compte")
    nouvelle.get_by_label("Prénom").fill("Inès")
    nouvelle.get_by_label("Nom", exact=True).fill("Garnier")
    nouvelle.get_by_label(re.compile(r"^\s*Mot de passe")).fill("une-phrase-de-passe-solide")
    nouvelle.get_by_label("Confirmation du mot de passe").fill("une-phrase-de-passe-solide")
    nouvelle.get_by_role("button", name="Créer mon compte et rejoindre").click()
    expect(nouvelle.get_by_role("status")).to_contain_text(
        "Votre compte est créé et vous avez rejoint la commune de Delle"
    )
    expect(menu(nouvelle).get_by_role("link", name="Nouvelle demande")).to_be_visible()
    nouvelle.goto(lien)
    expect(titre(nouvelle)).to_have_text("Invitation impossible à utiliser")
    examiner(nouvelle, "invitation-deja-utilisee")
