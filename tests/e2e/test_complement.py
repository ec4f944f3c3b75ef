"""The State asks for more information; the mayor answers every point in the browser."""

import re

import pytest
from playwright.sync_api import expect

from demandes import services
from demandes.models import Demande, MotifComplement, Statut
from guichet.notifications.models import Notification
from guichet.territoire.models import Collectivite, Thematique

from .conftest import examiner, se_connecter

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demande_a_completer(comptes_demo):
    maire, agent = comptes_demo["maire@delle.demo"], comptes_demo["agent@ddt.demo"]
    demande = services.creer_brouillon(
        collectivite=Collectivite.objects.get(code_insee="90033"),
        par=maire,
        donnees={
            "titre": "Maison de santé pluriprofessionnelle",
            "description": "Regrouper médecins, infirmiers et kinésithérapeutes en centre-ville.",
            "besoin": "ingenierie",
            "maturite": "idee",
            "contact_nom": "Louis Bernard",
            "contact_email": "maire@delle.demo",
        },
        thematiques=Thematique.objects.filter(slug="services-publics-soins"),
    )
    demande = services.deposer_demande(demande=demande, par=maire, version=demande.version)
    demande = services.prendre_en_charge(demande=demande, par=agent, version=demande.version)
    services.demander_complement(
        demande=demande,
        par=agent,
        version=demande.version,
        message="Quelques précisions avant de solliciter les opérateurs.",
        points=[
            ("Joindre l'étude de besoins de l'ARS.", MotifComplement.INCOMPLET),
            ("Le nombre de praticiens annoncé date de 2021.", MotifComplement.OBSOLETE),
        ],
    )
    return Demande.objects.get(pk=demande.pk)


def test_le_maire_repond_a_chaque_point_et_la_demande_revient_en_instruction(
    page, nouvelle_page, demande_a_completer, fichier_pdf
):
    se_connecter(page, "maire@delle.demo")
    page.goto(demande_a_completer.get_absolute_url())
    expect(page.locator("#statut")).to_contain_text("À compléter")
    expect(page.get_by_role("main")).to_contain_text("Joindre l'étude de besoins de l'ARS.")
    examiner(page, "demande-a-completer")

    page.get_by_role("link", name="Répondre aux questions").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Compléter la demande")
    examiner(page, "completer-la-demande")
    page.get_by_label("Point 1 : Joindre l'étude de besoins de l'ARS.").fill(
        "L'étude de l'ARS est jointe."
    )
    page.get_by_label("Documents complémentaires").set_input_files(
        fichier_pdf("etude-ars.pdf", "Étude de besoins")
    )
    # Point 2 forgotten: the page comes back with the error, the chosen file kept.
    page.get_by_role("button", name="Envoyer les compléments").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("main")).to_contain_text("Répondez à ce point.")
    deja_joint = page.get_by_label(re.compile("Déjà joint : etude-ars.pdf"))
    expect(deja_joint).to_be_checked()
    examiner(page, "completer-la-demande-erreur")
    page.get_by_label("Point 2 : Le nombre de praticiens").fill(
        "Sept praticiens se sont engagés en 2026."
    )
    page.get_by_role("button", name="Envoyer les compléments").click()

    page.wait_for_url(re.compile(rf"{demande_a_completer.get_absolute_url()}#complement-\d+$"))
    expect(page.locator("#statut")).to_contain_text("En instruction")
    expect(page.get_by_role("link", name="Répondre aux questions")).to_have_count(0)
    reponses = page.locator("[id^=complement-]")
    expect(reponses).to_contain_text("Joindre l'étude de besoins de l'ARS.")
    expect(reponses).to_contain_text("Réponse : L'étude de l'ARS est jointe.")
    expect(reponses).to_contain_text("Réponse : Sept praticiens se sont engagés en 2026.")
    expect(reponses.get_by_role("link", name=re.compile("etude-ars"))).to_be_visible()
    expect(page.locator("#fil")).to_contain_text("Réponse : L'étude de l'ARS est jointe.")
    expect(page.locator("#historique")).to_contain_text("Compléments apportés")
    examiner(page, "demande-completee")
    demande = Demande.objects.get(pk=demande_a_completer.pk)
    assert demande.statut == Statut.EN_INSTRUCTION
    complement = demande.complements.get()
    assert set(complement.points.values_list("reponse", flat=True)) == {
        "L'étude de l'ARS est jointe.",
        "Sept praticiens se sont engagés en 2026.",
    }
    assert list(complement.pieces.values_list("nom", flat=True)) == ["etude-ars.pdf"]

    # The agent's email leads to the answers.
    lien = Notification.objects.get(
        evenement="complement_repondu", destinataire__email="agent@ddt.demo"
    ).lien
    agent = nouvelle_page()
    se_connecter(agent, "agent@ddt.demo")
    agent.goto(lien)
    ancre = agent.locator(f"#{lien.split('#')[1]}")
    expect(ancre).to_contain_text("Réponse : Sept praticiens se sont engagés en 2026.")
    expect(ancre).to_be_in_viewport()
    examiner(agent, "reponses-lues-par-l-agent")
