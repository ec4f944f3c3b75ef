"""The secretariat of a séance in a real browser, on the demo territory: the préfecture takes
the attendance on the séance's day and sees the quorum; a member answers a written
consultation on their page. Every page state passes axe at desktop and mobile widths."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import se_connecter
from .test_comite import _seance_a_venir, examiner_partout

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def cocher(page, selecteur):
    """Choose a DSFR radio as a person does: by clicking its label."""
    identifiant = page.locator(selecteur).get_attribute("id")
    page.click(f"label[for='{identifiant}']")


@pytest.fixture
def demo_complete(transactional_db):
    from demo.chargement import charger_demo

    return charger_demo()


def test_la_prefecture_enregistre_les_presences_le_jour_de_la_seance(page, demo_complete):
    from comite.models import Comite, MembreComite, Presence, Seance

    seance = _seance_a_venir()
    # The séance opened an hour ago; the comité sits with two members at least.
    Seance.objects.filter(pk=seance.pk).update(date=timezone.now() - datetime.timedelta(hours=1))
    Comite.objects.filter(pk=seance.comite_id).update(quorum=2)
    se_connecter(page, "prefet@prefecture.demo")
    page.goto(f"/comite/seances/{seance.pk}/")
    page.get_by_role("link", name="Présences").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Présences")
    examiner_partout(page, "comite-presences")

    membres = {m.user.email: m.pk for m in MembreComite.objects.select_related("user")}
    cocher(page, f"input[name='etat_{membres['prefet@prefecture.demo']}'][value='present']")
    cocher(page, f"input[name='etat_{membres['agent@ddt.demo']}'][value='represente']")
    cocher(page, f"input[name='etat_{membres['membre@comite.demo']}'][value='excuse']")
    page.get_by_role("button", name="Enregistrer les présences").click()
    # Represented, by whom? The page says so next to the field, and keeps the choices.
    expect(page.get_by_text("Indiquez qui représente Julien Petit.").first).to_be_visible()
    examiner_partout(page, "comite-presences-erreur")
    page.fill(f"input[name='represente_par_{membres['agent@ddt.demo']}']", "Anne Roy")
    page.get_by_role("button", name="Enregistrer les présences").click()
    expect(page.get_by_text("Présences enregistrées.")).to_be_visible()
    expect(page.locator("#quorum")).to_contain_text("quorum atteint")
    examiner_partout(page, "comite-presences-enregistrees")
    assert Presence.objects.filter(seance=seance).count() == 3


def test_un_membre_repond_a_une_consultation_ecrite(page, demo_complete):
    from comite.models import PointOrdreDuJour, ReponseConsultation
    from comite.secretariat import services
    from guichet.comptes.models import User

    seance = _seance_a_venir()
    point = PointOrdreDuJour.objects.get(seance=seance, ordre=2)
    consultation = services.ouvrir_consultation(
        point=point,
        par=User.objects.get(email="prefet@prefecture.demo"),
        question="Le comité prend-il acte du point d'étape ?",
    )
    se_connecter(page, "membre@comite.demo")
    page.goto(f"/comite/seances/{seance.pk}/")
    page.get_by_role("link", name="Répondre ou suivre les réponses").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Consultation écrite")
    examiner_partout(page, "comite-consultation-membre")
    page.get_by_role("button", name="Envoyer mon avis").click()
    expect(
        page.get_by_text("Choisissez favorable, défavorable ou abstention.").first
    ).to_be_visible()
    cocher(page, "input[name='avis'][value='favorable']")
    page.get_by_label("Commentaire").fill("Avancement conforme au calendrier.")
    page.get_by_role("button", name="Envoyer mon avis").click()
    expect(page.get_by_text("Votre avis est enregistré.")).to_be_visible()
    expect(page.locator("main li", has_text="Avancement conforme au calendrier.")).to_be_visible()
    examiner_partout(page, "comite-consultation-repondue")
    assert ReponseConsultation.objects.get(consultation=consultation).avis == "favorable"


def test_un_visiteur_lit_les_releves_publics_depuis_le_plan_du_site(page, demo_complete):
    page.goto("/plan-du-site/")
    page.get_by_role("main").get_by_role("link", name="Relevés de décisions du comité").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Relevés de décisions du comité")
    examiner_partout(page, "comite-releves-publics")
    page.get_by_role("main").get_by_role("link", name=re.compile(r"^Séance du")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Relevé de décisions")
    expect(page.get_by_role("main")).to_contain_text(
        "Renouvellement urbain du quartier des Résidences"
    )
    expect(page.get_by_role("main")).to_contain_text("Présents :")
    examiner_partout(page, "comite-releve-public")
