"""The filing receipt: a PDF for whoever sees the demande, linked from its page and from the
acknowledgement email."""

import pytest
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import timezone

from demandes import recepisse, services
from guichet.notifications.models import Notification
from tests.comite.conftest import dans_le_pdf

from .conftest import recharger
from .test_reponses_aux_complements import texte

pytestmark = pytest.mark.django_db


def test_le_recepisse_est_un_pdf_pour_qui_voit_la_demande(client, connecter, deposee_delle):
    connecter("maire@delle.demo")
    page = client.get(f"/demandes/{deposee_delle.pk}/").content.decode()
    url = f"/demandes/{deposee_delle.pk}/recepisse.pdf"
    assert f'href="{url}"' in page
    reponse = client.get(url)
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse["Content-Disposition"] == (
        f'inline; filename="recepisse-{deposee_delle.reference}.pdf"'
    )
    assert reponse.content.startswith(b"%PDF")
    assert dans_le_pdf("Récépissé de dépôt", reponse.content)
    assert dans_le_pdf(f"Demande n° {deposee_delle.reference}", reponse.content)
    assert dans_le_pdf("Pièces déposées", reponse.content)

    client.post("/comptes/deconnexion/")
    connecter("agent@ddt.demo")
    assert client.get(url).status_code == 200


def test_le_recepisse_dit_ce_qui_a_ete_depose_et_quand(comptes, deposee_delle, pdf):
    # Added after filing: not on the receipt.
    services.ajouter_documents(
        demande=deposee_delle, par=comptes["maire@delle.demo"], fichiers=[pdf("apres.pdf")]
    )
    demande = recharger(deposee_delle)
    contenu = texte(render_to_string(recepisse.GABARIT, recepisse.contexte(demande)))
    piece = demande.pieces.get(nom="note.pdf")
    depot = timezone.localtime(demande.date_depot).strftime("%H:%M")
    assert f"Numéro {demande.reference}" in contenu
    assert "Déposée le" in contenu and depot in contenu
    assert "Collectivité Commune de Delle" in contenu
    assert "Déposant Louis Bernard (maire@delle.demo)" in contenu
    assert "Intitulé du projet Rénovation de la salle des fêtes" in contenu
    assert "Habitat" in contenu and "Transition écologique et énergie" in contenu
    assert f"note.pdf — {' '.join(filesizeformat(piece.taille).split())}" in contenu
    assert "apres.pdf" not in contenu
    assert "Le présent récépissé atteste du dépôt, pas de sa recevabilité." in contenu


def test_un_brouillon_ou_une_autre_commune_n_a_pas_de_recepisse(
    client, connecter, brouillon_delle, comptes
):
    connecter("maire@delle.demo")
    assert client.get(f"/demandes/{brouillon_delle.pk}/recepisse.pdf").status_code == 404
    demande = services.deposer_demande(
        demande=brouillon_delle, par=comptes["maire@delle.demo"], version=brouillon_delle.version
    )
    client.post("/comptes/deconnexion/")
    connecter("maire@belfort.demo")
    assert client.get(f"/demandes/{demande.pk}/recepisse.pdf").status_code == 404
    client.post("/comptes/deconnexion/")
    connecter("contact@ademe.demo")
    assert client.get(f"/demandes/{demande.pk}/recepisse.pdf").status_code == 404


def test_le_courriel_de_confirmation_donne_le_recepisse(deposee_delle, settings):
    accuse = Notification.objects.get(
        evenement="accuse_reception", destinataire__email="maire@delle.demo"
    )
    assert (
        f"Votre récépissé de dépôt (PDF) : {settings.SITE_URL}/demandes/{deposee_delle.pk}/"
        "recepisse.pdf" in accuse.corps
    )


def test_sans_pango_la_page_le_dit(client, connecter, deposee_delle, monkeypatch):
    from comite import pdf

    def indisponible(*args, **kwargs):
        raise pdf.PdfIndisponible("pango")

    monkeypatch.setattr(pdf, "rendre", indisponible)
    connecter("maire@delle.demo")
    reponse = client.get(f"/demandes/{deposee_delle.pk}/recepisse.pdf")
    assert reponse.status_code == 503
    assert "momentanément indisponible" in reponse.content.decode()
