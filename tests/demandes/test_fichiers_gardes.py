"""A form with documents that comes back with errors keeps the files it brought: shown as
« Déjà joint », sent again by the next attempt without being chosen again, or left out."""

import datetime
import html
import os
import re
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from demandes import pieces_en_attente
from demandes.demo import pdf_de_demo
from demandes.fichiers import verifier_fichier
from demandes.models import Demande, MotifComplement, StockagePrive
from demandes.services import demander_complement
from guichet.territoire.models import Thematique

from .conftest import donnees_completes, recharger

pytestmark = pytest.mark.django_db


def formulaire(**autres):
    themes = list(Thematique.objects.filter(slug="eau-potable").values_list("pk", flat=True))
    return {**donnees_completes(), "thematiques": themes, **autres}


def deja_joints(page):
    """The « already attached » checkboxes of a page: {file name: token}."""
    return {
        html.unescape(nom): html.unescape(jeton)
        for jeton, nom in re.findall(
            r'<input type="checkbox" name="deja_joints" value="([^"]+)"[^>]*checked[^>]*>\s*'
            r"<label[^>]*>\s*Déjà joint : ([^ <]+) ",
            page,
        )
    }


def en_attente():
    stockage = StockagePrive()
    if not stockage.exists(pieces_en_attente.DOSSIER):
        return []
    return stockage.listdir(pieces_en_attente.DOSSIER)[1]


def test_un_depot_en_erreur_garde_le_fichier_et_le_joint_a_l_envoi_corrige(
    client, connecter, comptes, pdf, django_capture_on_commit_callbacks
):
    connecter("maire@delle.demo")
    reponse = client.post(
        "/demandes/nouvelle/",
        formulaire(deposer="1", description="", documents=[pdf("plan.pdf", "Plan de la halle")]),
    )
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Décrivez le projet." in page
    assert "Déjà joint : plan.pdf" in page
    assert not Demande.objects.exists()
    jetons = deja_joints(page)
    assert list(jetons) == ["plan.pdf"]

    # Corrected, without choosing the file again.
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            "/demandes/nouvelle/", formulaire(deposer="1", deja_joints=[jetons["plan.pdf"]])
        )
    assert reponse.status_code == 302
    demande = Demande.objects.get()
    piece = demande.pieces.get()
    assert piece.nom == "plan.pdf"
    assert piece.fichier.name.startswith(f"{demande.pk}/")
    with piece.fichier.open("rb") as contenu:
        assert contenu.read() == pdf_de_demo("Plan de la halle")
    assert en_attente() == []
    telechargement = client.get(f"/demandes/{demande.pk}/documents/{piece.pk}/")
    assert b"".join(telechargement.streaming_content) == pdf_de_demo("Plan de la halle")


def test_un_document_decoche_est_retire(client, connecter, comptes, pdf):
    connecter("maire@delle.demo")
    page = client.post(
        "/demandes/nouvelle/",
        formulaire(deposer="1", titre="", documents=[pdf("a.pdf"), pdf("b.pdf")]),
    ).content.decode()
    jetons = deja_joints(page)
    assert set(jetons) == {"a.pdf", "b.pdf"}

    reponse = client.post(
        "/demandes/nouvelle/", formulaire(deposer="1", deja_joints=[jetons["b.pdf"]])
    )
    assert reponse.status_code == 302
    assert list(Demande.objects.get().pieces.values_list("nom", flat=True)) == ["b.pdf"]


def test_seuls_les_fichiers_valides_sont_gardes_et_le_refus_est_dit(
    client, connecter, comptes, pdf
):
    connecter("maire@delle.demo")
    programme = SimpleUploadedFile("outil.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    reponse = client.post(
        "/demandes/nouvelle/",
        formulaire(deposer="1", documents=[pdf("note.pdf"), programme]),
    )
    page = reponse.content.decode()
    assert "« outil.pdf » n&#x27;est pas dans un format accepté" in page
    assert list(deja_joints(page)) == ["note.pdf"]
    assert not Demande.objects.exists()


def test_les_fichiers_gardes_s_ajoutent_aux_nouveaux_dans_la_limite(
    client, connecter, comptes, pdf
):
    connecter("maire@delle.demo")
    page = client.post(
        "/demandes/nouvelle/",
        formulaire(brouillon="1", titre="", documents=[pdf(f"n{i}.pdf") for i in range(6)]),
    ).content.decode()
    jetons = list(deja_joints(page).values())
    assert len(jetons) == 6

    reponse = client.post(
        "/demandes/nouvelle/",
        formulaire(
            brouillon="1", deja_joints=jetons, documents=[pdf(f"m{i}.pdf") for i in range(5)]
        ),
    )
    page = reponse.content.decode()
    assert "avec ceux déjà joints, vous pouvez encore en ajouter 4." in page
    # The new files are kept too: the person unchecks what is too much.
    assert len(deja_joints(page)) == 11
    assert not Demande.objects.exists()


def test_le_jeton_d_une_autre_personne_ne_donne_rien(client, connecter, comptes, pdf):
    verifie = verifier_fichier(pdf("secret.pdf"))
    piece = pieces_en_attente.mettre_de_cote(
        pdf("secret.pdf"), verifie, user=comptes["maire@belfort.demo"]
    )
    connecter("maire@delle.demo")
    reponse = client.post("/demandes/nouvelle/", formulaire(deposer="1", deja_joints=[piece.jeton]))
    assert reponse.status_code == 200
    assert "n&#x27;est plus disponible : choisissez-le de nouveau." in reponse.content.decode()
    assert not Demande.objects.exists()


def test_un_jeton_falsifie_ne_donne_rien(client, connecter, comptes):
    connecter("maire@delle.demo")
    reponse = client.post(
        "/demandes/nouvelle/", formulaire(deposer="1", deja_joints=["../../settings.py"])
    )
    assert reponse.status_code == 200
    assert "choisissez-le de nouveau" in reponse.content.decode()
    assert not Demande.objects.exists()


def test_une_reponse_aux_complements_en_erreur_garde_ses_fichiers(
    client, connecter, comptes, en_instruction_delle, pdf
):
    complement = demander_complement(
        demande=en_instruction_delle,
        par=comptes["agent@ddt.demo"],
        version=en_instruction_delle.version,
        points=[("Le devis ?", MotifComplement.INCOMPLET)],
    )
    demande = recharger(en_instruction_delle)
    point = complement.points.get()
    connecter("maire@delle.demo")
    url = f"/demandes/{demande.pk}/completer/"
    page = client.post(
        url, {"version": demande.version, "documents": [pdf("devis.pdf")]}
    ).content.decode()
    assert "Répondez à ce point." in page
    jetons = deja_joints(page)
    assert list(jetons) == ["devis.pdf"]

    reponse = client.post(
        url,
        {
            f"point_{point.pk}": "Le devis est joint.",
            "version": demande.version,
            "deja_joints": [jetons["devis.pdf"]],
        },
    )
    assert reponse.status_code == 302
    assert complement.pieces.get().nom == "devis.pdf"


def test_un_brouillon_modifie_entre_temps_garde_les_fichiers(
    client, connecter, brouillon_delle, pdf
):
    connecter("maire@delle.demo")
    url = f"/demandes/{brouillon_delle.pk}/modifier/"
    page = client.post(
        url,
        formulaire(brouillon="1", version=brouillon_delle.version + 1, documents=[pdf("plan.pdf")]),
    ).content.decode()
    assert "modifiée entre-temps" in page
    jetons = deja_joints(page)
    reponse = client.post(
        url,
        formulaire(
            brouillon="1", version=brouillon_delle.version, deja_joints=[jetons["plan.pdf"]]
        ),
    )
    assert reponse.status_code == 302
    assert set(brouillon_delle.pieces.values_list("nom", flat=True)) == {"note.pdf", "plan.pdf"}


def test_les_fichiers_oublies_sont_effaces_au_bout_d_un_jour(comptes, pdf):
    maire = comptes["maire@delle.demo"]
    ancien = pieces_en_attente.mettre_de_cote(
        pdf("ancien.pdf"), verifier_fichier(pdf("ancien.pdf")), user=maire
    )
    recent = pieces_en_attente.mettre_de_cote(
        pdf("recent.pdf"), verifier_fichier(pdf("recent.pdf")), user=maire
    )
    il_y_a_deux_jours = time.time() - 2 * 24 * 3600
    os.utime(StockagePrive().path(ancien.chemin), (il_y_a_deux_jours, il_y_a_deux_jours))

    assert pieces_en_attente.nettoyer() == 1
    assert en_attente() == [recent.chemin.split("/")[1]]
    with pytest.raises(ValidationError):
        pieces_en_attente.retrouver(ancien.jeton, user=maire)
    apres_demain = timezone.now() + datetime.timedelta(days=2)
    assert pieces_en_attente.nettoyer(apres_demain) == 1
    assert en_attente() == []
