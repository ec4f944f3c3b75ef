"""The whole journey, each role in its own browser handing over to the next: the mayor of Delle
files, the préfète takes it in charge and asks a complement, the mayor answers, the DDT routes it
to Cerema, Cerema accepts and gives its opinion, the secretariat puts it on a séance and publishes
the agenda, a comité member reads it and its PDF, the decision is recorded, and the mayor sees
the request « Accompagnée » with its whole timeline. The mayor of Belfort never sees it."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from demandes.models import Demande, Statut

from .conftest import examiner, se_connecter

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def cocher(page, libelle):
    # The DSFR draws the box over the input: check it through its label.
    page.get_by_label(libelle, exact=True).check(force=True)


def test_de_la_demande_de_delle_a_la_decision_du_comite(
    page, nouvelle_page, comptes_demo, fichier_pdf
):
    from comite.models import Comite, Qualite
    from comite.services import ajouter_membre

    ajouter_membre(
        comite=Comite.objects.get(), user=comptes_demo["membre@comite.demo"], qualite=Qualite.AUTRE
    )
    maire = page
    se_connecter(maire, "maire@delle.demo")
    maire.goto("/demandes/nouvelle/")
    maire.get_by_label("Titre du projet").fill("Maison de santé pluriprofessionnelle")
    maire.get_by_label("Description du projet").fill(
        "Réunir médecins et infirmiers au centre-ville."
    )
    cocher(maire, "Accès aux services publics et aux soins")
    cocher(maire, "Revitalisation des centres-villes")
    cocher(maire, "Ingénierie")
    cocher(maire, "Études en cours")
    maire.get_by_label("Nom du contact").fill("Louis Bernard")
    maire.get_by_label("Adresse électronique du contact").fill("maire@delle.demo")
    maire.get_by_label("Ajouter des documents").set_input_files(fichier_pdf("programme.pdf"))
    maire.get_by_role("button", name="Déposer la demande").click()
    expect(maire.get_by_text("Demande déposée sous la référence")).to_be_visible()
    demande = Demande.objects.get(titre="Maison de santé pluriprofessionnelle")
    assert {m.to[0] for m in mail.outbox} >= {"prefet@prefecture.demo", "agent@ddt.demo"}

    prefete = nouvelle_page()
    se_connecter(prefete, "prefet@prefecture.demo")
    prefete.goto("/tableau-de-bord/")
    prefete.get_by_role("link", name=demande.reference).click()
    prefete.get_by_role("button", name="Prendre en charge").click()
    prefete.get_by_role("link", name="Demander un complément").click()
    prefete.get_by_label("Point 1 : ce qui est demandé").fill("Joindre l'accord de l'ARS.")
    prefete.get_by_label("Motif du point 1").select_option("incomplet")
    prefete.get_by_role("button", name="Demander ces compléments").click()
    expect(
        prefete.get_by_text("Complément demandé : la collectivité est prévenue.")
    ).to_be_visible()

    maire.goto(f"/demandes/{demande.pk}/")
    maire.get_by_role("link", name="Répondre aux questions").click()
    maire.get_by_label("Point 1 : Joindre l'accord de l'ARS.").fill("Accord joint.")
    maire.get_by_label("Documents complémentaires").set_input_files(fichier_pdf("accord-ars.pdf"))
    maire.get_by_role("button", name="Envoyer les compléments").click()
    expect(maire.get_by_text("l'instruction de votre demande reprend")).to_be_visible()

    ddt = nouvelle_page()
    se_connecter(ddt, "agent@ddt.demo")
    ddt.goto(f"/demandes/{demande.pk}/")
    ddt.get_by_role("link", name="Orienter vers des opérateurs").click()
    ddt.get_by_label("Centre d'études", exact=False).check(force=True)
    ddt.get_by_role("button", name="Orienter la demande").click()
    expect(ddt.get_by_text("Demande orientée : les opérateurs")).to_be_visible()

    cerema = nouvelle_page()
    se_connecter(cerema, "contact@cerema.demo")
    cerema.goto("/operateurs/demandes/")
    cerema.get_by_role("link", name=demande.reference).click()
    cerema.get_by_role("link", name="Accepter").click()
    cerema.get_by_role("button", name="Accepter la demande").click()
    cerema.get_by_role("link", name="Donner un avis et une offre").click()
    cerema.get_by_label("Votre avis sur le projet").fill("Projet solide, foncier à sécuriser.")
    cocher(cerema, "Ingénierie")
    cerema.get_by_label("L'appui proposé à la collectivité").fill("Programmation immobilière")
    cerema.get_by_role("button", name="Enregistrer l'avis et l'offre").click()
    expect(cerema.get_by_text("Avis et offre enregistrés.")).to_be_visible()

    prefete.goto("/comite/seances/")
    date = timezone.localtime() + datetime.timedelta(days=14)
    prefete.get_by_label("Date et heure").fill(date.strftime("%Y-%m-%dT14:30"))
    prefete.get_by_label("Lieu").fill("Préfecture, salle Bartholdi")
    prefete.get_by_role("button", name="Planifier la séance").click()
    prefete.get_by_label("Demande orientée").select_option(str(demande.pk))
    prefete.get_by_role("button", name="Inscrire à l'ordre du jour").click()
    prefete.get_by_role("button", name="Publier l'ordre du jour et convoquer les membres").click()
    examiner(prefete, "parcours-seance-publiee")
    assert Demande.objects.get(pk=demande.pk).statut == Statut.INSCRITE_COMITE
    seance_url = prefete.url

    membre = nouvelle_page()
    se_connecter(membre, "membre@comite.demo")
    membre.goto(seance_url)
    expect(membre.get_by_text("Maison de santé pluriprofessionnelle").first).to_be_visible()
    examiner(membre, "parcours-ordre-du-jour-membre")
    pdf = membre.request.get(
        membre.locator("a[href$='ordre-du-jour.pdf']").first.get_attribute("href")
    )
    assert pdf.body()[:5] == b"%PDF-"

    prefete.goto(seance_url)
    prefete.get_by_role("link", name="Enregistrer la décision").first.click()
    cocher(prefete, "Avis favorable")
    # The séance is two weeks ahead: only a written consultation can have decided yet.
    cocher(prefete, "Par consultation écrite")
    prefete.get_by_label("Commentaire").fill("Accompagnement par le Cerema.")
    prefete.get_by_role("button", name="Enregistrer la décision").click()

    maire.goto(f"/demandes/{demande.pk}/")
    expect(maire.get_by_text("Statut : Accompagnée")).to_be_visible()
    for etape in [
        "Demande déposée",
        "Demande prise en charge",
        "Compléments demandés",
        "Compléments apportés",
        "Demande orientée",
        "Demande inscrite à l'ordre du jour du comité",
        "Décision du comité",
    ]:
        expect(maire.locator("#titre-historique + ol").get_by_text(etape).first).to_be_visible()
    examiner(maire, "parcours-demande-accompagnee")

    belfort = nouvelle_page()
    se_connecter(belfort, "maire@belfort.demo")
    reponse = belfort.goto(f"/demandes/{demande.pk}/")
    assert reponse.status == 404
