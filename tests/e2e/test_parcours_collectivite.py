"""A commune files a request; the préfète hears of it; another commune cannot see it."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import examiner, se_connecter

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def menu(page):
    return page.get_by_role("navigation", name="Menu principal")


def cocher(page, libelle):
    # The DSFR draws its own box over the real input: a person clicks the label.
    page.locator("label").filter(has_text=libelle).click()
    expect(page.get_by_label(libelle, exact=True)).to_be_checked()


def remplir_la_demande(page, piece):
    page.get_by_label("Titre du projet").fill("Réhabilitation de la halle du marché")
    page.get_by_label("Description du projet").fill(
        "Remise aux normes de la charpente et de l'accessibilité, pour y accueillir un marché "
        "de producteurs deux fois par semaine."
    )
    cocher(page, "Revitalisation des centres-villes")
    cocher(page, "Alimentation de proximité")
    cocher(page, "Financement")
    cocher(page, "Études en cours")
    # The contact comes from the account.
    expect(page.get_by_label("Nom du contact")).to_have_value("Louis Bernard")
    expect(page.get_by_label("Adresse électronique du contact")).to_have_value("maire@delle.demo")
    page.get_by_label("Ajouter des documents").set_input_files(piece)


def test_le_maire_de_delle_depose_une_demande_que_la_prefete_retrouve_par_sa_notification(
    page, nouvelle_page, comptes_demo, fichier_pdf
):
    se_connecter(page, "maire@delle.demo", nom_capture="connexion")
    examiner(page, "accueil-maire-de-delle")

    menu(page).get_by_role("link", name="Nouvelle demande").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle demande")
    examiner(page, "nouvelle-demande")
    remplir_la_demande(page, fichier_pdf("plan-de-la-halle.pdf"))
    page.get_by_role("button", name="Déposer la demande").click()

    page.wait_for_url(re.compile(r"/demandes/\d+/$"))
    adresse = page.url
    annee = timezone.localdate().year
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Réhabilitation de la halle du marché"
    )
    expect(page.locator("#statut")).to_contain_text("Déposée")
    expect(page.get_by_role("main")).to_contain_text(re.compile(rf"GU-{annee}-\d{{4}}"))
    expect(page.get_by_role("link", name=re.compile("plan-de-la-halle"))).to_be_visible()
    reference = re.search(rf"GU-{annee}-\d{{4}}", page.get_by_role("main").inner_text())[0]
    expect(page.locator("#historique li")).to_have_count(1)
    expect(page.locator("#historique")).to_contain_text(
        "Demande déposée par Louis Bernard (Delle) — Document joint : plan-de-la-halle.pdf"
    )
    recepisse = page.get_by_role("link", name=re.compile("Récépissé de dépôt"))
    pdf = page.request.get(recepisse.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    examiner(page, "demande-deposee")

    # A document added after filing, traced in the history.
    documents = page.locator("#documents")
    documents.get_by_label("Ajouter des documents").set_input_files(
        fichier_pdf("devis-charpente.pdf", "Devis")
    )
    documents.get_by_role("button", name="Ajouter ces documents").click()
    page.wait_for_url(f"{adresse}#documents")
    expect(documents.get_by_role("link", name=re.compile("devis-charpente"))).to_be_visible()
    expect(page.locator("#historique")).to_contain_text(
        "Document ajouté par Louis Bernard (Delle) — devis-charpente.pdf"
    )
    examiner(page, "document-ajoute-apres-depot")

    menu(page).get_by_role("link", name="Mes demandes").click()
    ligne = page.get_by_role("row").filter(has_text=reference)
    expect(ligne).to_contain_text("Réhabilitation de la halle du marché")
    expect(ligne).to_contain_text("Déposée")
    examiner(page, "mes-demandes")

    destinataires = {adresse for courriel in mail.outbox for adresse in courriel.to}
    assert {"prefet@prefecture.demo", "agent@ddt.demo"} <= destinataires
    accuse = next(courriel for courriel in mail.outbox if courriel.to == ["maire@delle.demo"])
    assert f"{urlsplit(adresse).path}recepisse.pdf" in accuse.body

    prefete = nouvelle_page()
    se_connecter(prefete, "prefet@prefecture.demo")
    notifications = prefete.get_by_role("link", name=re.compile("^Notifications"))
    # The filing, then the document added after it.
    expect(notifications).to_contain_text("2 non lues")
    examiner(prefete, "accueil-prefete")
    notifications.click()
    carte = (
        prefete.get_by_role("main")
        .get_by_role("listitem")
        .filter(has_text="Non lue")
        .filter(has_text="Nouvelle demande")
    )
    expect(carte).to_contain_text("Réhabilitation de la halle du marché")
    examiner(prefete, "notifications-prefete")
    carte.get_by_role("button", name=re.compile("^Voir")).click()
    prefete.wait_for_url(adresse)
    expect(prefete.get_by_role("heading", level=1)).to_have_text(
        "Réhabilitation de la halle du marché"
    )
    expect(prefete.get_by_role("link", name=re.compile("^Notifications"))).to_contain_text(
        "1 non lue"
    )
    examiner(prefete, "demande-vue-par-la-prefete")

    maire_de_belfort = nouvelle_page()
    se_connecter(maire_de_belfort, "maire@belfort.demo")
    reponse = maire_de_belfort.goto(adresse)
    assert reponse.status == 404
    expect(maire_de_belfort.get_by_role("heading", level=1)).to_have_text("Page introuvable")
    expect(maire_de_belfort.get_by_role("main")).not_to_contain_text("halle du marché")
    examiner(maire_de_belfort, "demande-d-une-autre-commune")
