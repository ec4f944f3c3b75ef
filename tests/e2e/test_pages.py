"""The pages around the requests: public pages, password reset, empty states, preferences."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from guichet.comptes.models import User
from guichet.comptes.services import rattacher
from guichet.territoire.models import Collectivite

from .conftest import examiner, se_connecter

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def secretaire_valdoie(comptes_demo):
    user = User.objects.create_user(
        "secretariat@valdoie.demo", "un-mot-de-passe-solide", prenom="Inès", nom="Garnier"
    )
    rattacher(
        user=user,
        collectivite=Collectivite.objects.get(code_insee="90099"),
        fonction="Secrétaire de mairie",
    )
    return user


def titre(page):
    return page.get_by_role("heading", level=1)


def test_les_pages_publiques_et_la_reinitialisation_du_mot_de_passe_sont_accessibles(
    page, comptes_demo
):
    page.goto("/")
    expect(titre(page)).to_contain_text("Le guichet unique des collectivités")
    expect(page.get_by_role("main").get_by_role("link", name="Se connecter")).to_be_visible()
    examiner(page, "accueil-anonyme")

    page.get_by_role("main").get_by_role("link", name="Se connecter").click()
    expect(titre(page)).to_have_text("Connexion au guichet unique")
    examiner(page, "connexion-anonyme")

    page.get_by_role("link", name="Mot de passe oublié ?").click()
    expect(titre(page)).to_have_text("Mot de passe oublié")
    examiner(page, "mot-de-passe-oublie")
    page.get_by_label("Adresse électronique").fill("maire@delle.demo")
    page.get_by_role("main").get_by_role("button").click()
    expect(titre(page)).to_have_text("Vérifiez votre messagerie")
    examiner(page, "mot-de-passe-lien-envoye")

    (courriel,) = mail.outbox
    lien = re.search(r"https?://\S+/comptes/\S+", courriel.body)[0]
    page.goto(re.sub(r"^https?://[^/]+", "", lien))
    expect(titre(page)).to_have_text("Choisir un nouveau mot de passe")
    examiner(page, "nouveau-mot-de-passe")
    # The password rules are part of the first label, and "Nouveau mot de passe" is also in
    # the second one: anchor on the start of the label text.
    page.get_by_label(re.compile(r"^\s*Nouveau mot de passe")).fill("un-autre-mot-de-passe-solide")
    page.get_by_label("Confirmation du nouveau mot de passe").fill("un-autre-mot-de-passe-solide")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(titre(page)).to_have_text("Votre mot de passe a été modifié")
    examiner(page, "mot-de-passe-modifie")

    reponse = page.goto("/cette-page-n-existe-pas/")
    assert reponse.status == 404
    expect(titre(page)).to_have_text("Page introuvable")
    examiner(page, "page-introuvable")


def test_trop_de_demandes_de_mot_de_passe_le_dit_clairement(page, comptes_demo, settings):
    settings.REINITIALISATIONS_PAR_ADRESSE = 0
    page.goto("/comptes/mot-de-passe/oublie/")
    page.get_by_label("Adresse électronique").fill("maire@delle.demo")
    page.get_by_role("main").get_by_role("button").click()
    expect(titre(page)).to_have_text("Trop de tentatives")
    expect(page.get_by_role("alert")).to_contain_text("Réessayez dans une heure")
    examiner(page, "trop-de-tentatives")
    assert mail.outbox == []


def test_un_nouveau_membre_de_commune_trouve_des_pages_vides_qui_le_guident(
    page, secretaire_valdoie
):
    se_connecter(page, "secretariat@valdoie.demo", "un-mot-de-passe-solide")
    expect(titre(page)).to_contain_text("Le guichet unique des collectivités")
    expect(page.get_by_role("main")).to_contain_text("Bonjour Inès")
    examiner(page, "accueil-nouveau-membre")

    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Mes demandes"
    ).click()
    expect(page.get_by_role("main")).to_contain_text("Aucune demande pour le moment")
    expect(page.get_by_role("main").get_by_role("link", name="Déposer une demande")).to_be_visible()
    examiner(page, "mes-demandes-vide")

    page.get_by_role("link", name="Notifications", exact=True).click()
    expect(titre(page)).to_have_text("Notifications")
    expect(page.get_by_role("main")).to_contain_text("Aucune notification pour le moment.")
    examiner(page, "notifications-vide")

    page.get_by_role("main").get_by_role("link", name="Préférences").click()
    expect(titre(page)).to_have_text("Préférences de notification")
    examiner(page, "preferences")
    page.locator("label").filter(has_text="Un récapitulatif par semaine").click()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("Préférences enregistrées.")
    expect(page.get_by_label("Un récapitulatif par semaine (le lundi)")).to_be_checked()
    examiner(page, "preferences-enregistrees")

    page.get_by_role("link", name=re.compile("Inès Garnier")).click()
    expect(titre(page)).to_have_text("Mes données personnelles")
    examiner(page, "mes-donnees")
    page.get_by_role("link", name="Changer de mot de passe").click()
    expect(titre(page)).to_have_text("Changer de mot de passe")
    examiner(page, "changer-de-mot-de-passe")
    page.goto("/comptes/desactiver/")
    examiner(page, "desactiver-mon-compte")
