"""After filing, the collectivité adds documents to its file until the demande is closed; and
everyone who writes in the thread may attach documents to a message. Both go through the
same checks as the filing (content, size, names, count)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from demandes import services
from demandes.models import Evenement, PieceJointe
from guichet.notifications.models import Notification

from .conftest import lignes_de_l_historique, recharger
from .test_reponses_aux_complements import section

pytestmark = pytest.mark.django_db


def programme(nom="outil.pdf"):
    return SimpleUploadedFile(nom, b"MZ\x90\x00" + b"\x00" * 200)


def test_la_collectivite_ajoute_un_document_trace_et_signale(
    client, connecter, en_instruction_delle, pdf
):
    connecter("maire@delle.demo")
    page = client.get(f"/demandes/{en_instruction_delle.pk}/").content.decode()
    assert f'action="/demandes/{en_instruction_delle.pk}/documents/"' in page
    reponse = client.post(
        f"/demandes/{en_instruction_delle.pk}/documents/", {"documents": [pdf("devis.pdf")]}
    )
    assert reponse.status_code == 302
    assert reponse["Location"] == f"/demandes/{en_instruction_delle.pk}/#documents"
    piece = en_instruction_delle.pieces.get(nom="devis.pdf")
    assert piece.message is None and piece.depose_par.email == "maire@delle.demo"
    page = client.get(f"/demandes/{en_instruction_delle.pk}/").content.decode()
    assert "devis.pdf" in section(page, "documents")
    assert lignes_de_l_historique(page)[-1].endswith(
        "Document ajouté par Louis Bernard (Delle) — devis.pdf"
    )
    notification = Notification.objects.get(evenement="documents_ajoutes")
    assert notification.destinataire.email == "agent@ddt.demo"
    assert "devis.pdf" in notification.corps


def test_un_document_refuse_n_ajoute_rien_et_garde_les_autres(
    client, connecter, en_instruction_delle, pdf
):
    connecter("maire@delle.demo")
    reponse = client.post(
        f"/demandes/{en_instruction_delle.pk}/documents/",
        {"documents": [pdf("devis.pdf"), programme()]},
    )
    page = reponse.content.decode()
    assert reponse.status_code == 400
    assert "« outil.pdf » n&#x27;est pas dans un format accepté" in page
    assert "Déjà joint : devis.pdf" in page
    assert list(en_instruction_delle.pieces.values_list("nom", flat=True)) == ["note.pdf"]


def test_rien_a_ajouter_est_dit(client, connecter, en_instruction_delle):
    connecter("maire@delle.demo")
    reponse = client.post(f"/demandes/{en_instruction_delle.pk}/documents/", {})
    assert reponse.status_code == 400
    assert "Choisissez au moins un document." in reponse.content.decode()


def test_une_demande_close_ne_recoit_plus_de_documents(
    client, connecter, comptes, en_instruction_delle, pdf
):
    services.classer_demande(
        demande=en_instruction_delle, par=comptes["agent@ddt.demo"], version=None, motif="Non."
    )
    connecter("maire@delle.demo")
    page = client.get(f"/demandes/{en_instruction_delle.pk}/").content.decode()
    assert '/documents/"' not in page
    reponse = client.post(
        f"/demandes/{en_instruction_delle.pk}/documents/", {"documents": [pdf("tard.pdf")]}
    )
    assert reponse.status_code == 400
    assert "Une demande close" in reponse.content.decode()
    assert not en_instruction_delle.pieces.filter(nom="tard.pdf").exists()


def test_seule_la_collectivite_ajoute_des_documents(client, connecter, en_instruction_delle, pdf):
    connecter("agent@ddt.demo")
    url = f"/demandes/{en_instruction_delle.pk}/documents/"
    assert client.post(url, {"documents": [pdf()]}).status_code == 403
    client.post("/comptes/deconnexion/")
    connecter("maire@belfort.demo")
    assert client.post(url, {"documents": [pdf()]}).status_code == 404
    assert en_instruction_delle.pieces.count() == 1


def test_le_dossier_compte_au_plus_dix_documents(client, connecter, en_instruction_delle, pdf):
    connecter("maire@delle.demo")
    reponse = client.post(
        f"/demandes/{en_instruction_delle.pk}/documents/",
        {"documents": [pdf(f"n{i}.pdf") for i in range(10)]},
    )
    assert "Une demande compte au plus 10 documents : vous pouvez encore en ajouter 9." in (
        reponse.content.decode()
    )
    assert en_instruction_delle.pieces.count() == 1


def test_un_message_porte_ses_pieces_jointes(client, connecter, en_instruction_delle, pdf):
    connecter("agent@ddt.demo")
    reponse = client.post(
        f"/demandes/{en_instruction_delle.pk}/messages/",
        {"texte": "Voici le modèle de plan de financement.", "documents": [pdf("modele.pdf")]},
    )
    assert reponse.status_code == 302
    message = en_instruction_delle.messages.get()
    piece = message.pieces.get()
    assert piece.nom == "modele.pdf"
    evenement = Evenement.objects.filter(demande=en_instruction_delle).last()
    assert (evenement.libelle, evenement.detail) == (
        "Message envoyé",
        "Document joint : modele.pdf",
    )

    client.post("/comptes/deconnexion/")
    connecter("maire@delle.demo")
    page = client.get(f"/demandes/{en_instruction_delle.pk}/").content.decode()
    fil = section(page, "fil")
    assert "Julien Petit (DDT)" in fil and "modele.pdf" in fil
    # In the thread, not among the file's documents.
    assert "modele.pdf" not in section(page, "documents")
    telechargement = client.get(f"/demandes/{en_instruction_delle.pk}/documents/{piece.pk}/")
    assert b"".join(telechargement.streaming_content).startswith(b"%PDF")


def test_les_pieces_d_une_note_interne_restent_a_l_etat(
    client, connecter, en_instruction_delle, pdf
):
    connecter("agent@ddt.demo")
    client.post(
        f"/demandes/{en_instruction_delle.pk}/messages/",
        {"texte": "Avis du service juridique.", "interne": "on", "documents": [pdf("avis.pdf")]},
    )
    piece = PieceJointe.objects.get(nom="avis.pdf")
    assert piece.message.interne
    page = client.get(f"/demandes/{en_instruction_delle.pk}/").content.decode()
    assert "avis.pdf" in page

    client.post("/comptes/deconnexion/")
    connecter("maire@delle.demo")
    page = client.get(f"/demandes/{en_instruction_delle.pk}/").content.decode()
    assert "avis.pdf" not in page
    url = f"/demandes/{en_instruction_delle.pk}/documents/{piece.pk}/"
    assert client.get(url).status_code == 404


def test_un_message_refuse_garde_sa_piece_jointe(client, connecter, en_instruction_delle, pdf):
    connecter("maire@delle.demo")
    reponse = client.post(
        f"/demandes/{en_instruction_delle.pk}/messages/",
        {"texte": "  ", "documents": [pdf("photo.pdf")]},
    )
    page = reponse.content.decode()
    assert reponse.status_code == 400
    assert "Écrivez un message." in page and "Déjà joint : photo.pdf" in page
    assert not en_instruction_delle.messages.exists()


def test_les_pieces_d_un_message_ne_comptent_pas_dans_le_dossier(
    client, connecter, comptes, en_instruction_delle, pdf
):
    for i in range(9):
        services.ajouter_documents(
            demande=recharger(en_instruction_delle),
            par=comptes["maire@delle.demo"],
            fichiers=[pdf(f"d{i}.pdf")],
        )
    connecter("maire@delle.demo")
    reponse = client.post(
        f"/demandes/{en_instruction_delle.pk}/messages/",
        {"texte": "Deux photos.", "documents": [pdf("a.pdf"), pdf("b.pdf")]},
    )
    assert reponse.status_code == 302
    assert en_instruction_delle.messages.get().pieces.count() == 2
