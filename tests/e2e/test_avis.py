"""An avis in Chromium: the DDT asks it from the demande's page, the expert answers on their
signed page without an account, then the link says it was answered; a revoked link says so."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from demandes import services
from tests.demandes.conftest import creer

from .conftest import examiner, se_connecter

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def titre(page):
    return page.get_by_role("heading", level=1)


def lien_de_l_expert():
    liens = [
        re.search(r"/avis/[A-Za-z0-9_-]+/", m.body)
        for m in mail.outbox
        if m.to == ["claire.martin@dreal.example"]
    ]
    return next(lien for lien in liens if lien)[0]


def test_la_ddt_demande_un_avis_et_l_expert_repond_sans_compte(
    page, nouvelle_page, comptes_demo, fichier_pdf
):
    demande = creer(comptes_demo, titre="Réhabilitation du lavoir")
    services.prendre_en_charge(demande=demande, par=comptes_demo["agent@ddt.demo"], version=None)
    se_connecter(page, "agent@ddt.demo")
    page.goto(f"/demandes/{demande.pk}/")
    page.get_by_role("link", name="Demander un avis").click()
    expect(titre(page)).to_have_text("Demander un avis")
    examiner(page, "avis-demander")
    page.get_by_label("Nom de l'expert").fill("Claire Martin")
    page.get_by_label("Organisme").fill("CAUE du Territoire de Belfort")
    page.get_by_label("Adresse électronique de l'expert").fill("claire.martin@dreal.example")
    page.get_by_label("Question posée").fill("Quel traitement pour la toiture du lavoir ?")
    limite = timezone.localdate() + datetime.timedelta(days=10)
    page.get_by_label("Date limite de réponse").fill(limite.isoformat())
    page.get_by_role("button", name="Envoyer la demande d'avis").click()
    expect(page.get_by_role("heading", name="Avis d'experts")).to_be_visible()
    expect(page.get_by_text("En attente", exact=True)).to_be_visible()
    examiner(page, "avis-demande-avec-avis")

    expert = nouvelle_page()
    expert.goto(lien_de_l_expert())
    expect(titre(expert)).to_have_text("Donner votre avis")
    expect(expert.get_by_text("Quel traitement pour la toiture du lavoir ?")).to_be_visible()
    examiner(expert, "avis-page-de-l-expert")
    expert.get_by_role("button", name="Envoyer mon avis").click()
    expect(expert.get_by_text("Ce champ est obligatoire.", exact=True)).to_be_visible()
    examiner(expert, "avis-page-de-l-expert-erreur")
    expert.get_by_label("Votre avis").fill("Tuiles plates anciennes, à conserver.")
    expert.get_by_label("Documents").set_input_files(fichier_pdf("croquis.pdf"))
    expert.get_by_role("button", name="Envoyer mon avis").click()
    expect(titre(expert)).to_have_text("Avis enregistré")
    examiner(expert, "avis-enregistre")

    page.reload()
    expect(page.get_by_text("Tuiles plates anciennes, à conserver.")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("croquis.pdf"))).to_be_visible()


def test_un_lien_revoque_le_dit_clairement(page, nouvelle_page, comptes_demo):
    from avis import services as avis

    demande = creer(comptes_demo, titre="Réhabilitation du lavoir")
    services.prendre_en_charge(demande=demande, par=comptes_demo["agent@ddt.demo"], version=None)
    avis.demander_avis(
        demande=demande,
        par=comptes_demo["agent@ddt.demo"],
        expert_nom="Claire Martin",
        expert_organisme="DREAL",
        expert_email="claire.martin@dreal.example",
        question="Zone humide ?",
        date_limite=timezone.localdate() + datetime.timedelta(days=3),
    )
    se_connecter(page, "agent@ddt.demo")
    page.goto(f"/demandes/{demande.pk}/")
    page.get_by_role("button", name="Révoquer la demande d'avis").click()
    expect(page.get_by_text("révoquée ; son lien est fermé")).to_be_visible()

    expert = nouvelle_page()
    reponse = expert.goto(lien_de_l_expert())
    assert reponse.status == 410
    expect(titre(expert)).to_have_text("Demande d'avis retirée")
    examiner(expert, "avis-lien-revoque")
    reponse = expert.goto("/avis/lien-tronque/")
    assert reponse.status == 404
    expect(titre(expert)).to_have_text("Lien de demande d'avis inconnu")
    examiner(expert, "avis-lien-inconnu")
