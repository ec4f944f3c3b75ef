"""The séance's file: the secretariat chooses each item's documents; members and the State
download one PDF holding exactly the items, avis and documents each may read."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from comite.models import MembreComite, PointOrdreDuJour, Qualite
from demandes import services as demandes
from demandes.demo import pdf_de_demo
from tests.avis.conftest import demander, repondre

pytestmark = pytest.mark.django_db

SECRET = "Reserve fonciere non publique"
PARTAGE = "Favorable au projet de la DREAL"


def _pdf(nom, titre):
    return SimpleUploadedFile(nom, pdf_de_demo(titre), "application/pdf")


def _png():
    sortie = io.BytesIO()
    Image.new("RGB", (60, 30), "navy").save(sortie, format="PNG")
    return sortie.getvalue()


@pytest.fixture
def pieces(comptes, seance_publiee, orientee):
    """Five documents of Delle's demande (on the published agenda's public item)."""
    fichiers = [
        _pdf("financement.pdf", "PLAN DE FINANCEMENT"),
        _pdf("etude.pdf", "ETUDE DE SOL"),
        _pdf("brouillon.pdf", "BROUILLON ECARTE"),
        SimpleUploadedFile("plan.png", _png(), "image/png"),
        # A PDF header, then nothing a PDF reader can use: accepted at upload, unreadable here.
        SimpleUploadedFile("abime.pdf", b"%PDF-1.4\n" + b"\x00garbage" * 50, "application/pdf"),
    ]
    demandes.ajouter_documents(demande=orientee, par=comptes["maire@delle.demo"], fichiers=fichiers)
    return {piece.nom: piece for piece in orientee.pieces.all()}


@pytest.fixture
def deux_avis(comptes, orientee):
    confidentiel = demander(
        comptes, orientee, expert_nom="Bruno Secret", expert_organisme="DDFiP", confidentiel=True
    )
    repondre(confidentiel, SECRET)
    repondre(demander(comptes, orientee), PARTAGE)


def _choisir(client, seance, point, noms, pieces):
    return client.post(
        f"/comite/seances/{seance.pk}/dossier/",
        {"version": seance.version, f"point_{point.pk}": [pieces[n].pk for n in noms]},
    )


@pytest.fixture
def dossier_compose(client, connecter, seance_publiee, orientee, pieces, deux_avis):
    connecter("agent@ddt.demo")
    point = PointOrdreDuJour.objects.get(seance=seance_publiee, demande=orientee)
    seance_publiee.refresh_from_db()
    reponse = _choisir(
        client, seance_publiee, point, ["financement.pdf", "etude.pdf", "plan.png"], pieces
    )
    assert reponse.status_code == 302
    client.logout()
    return seance_publiee


def _lire(reponse):
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    lecteur = PdfReader(io.BytesIO(b"".join(reponse.streaming_content)))
    reponse.close()
    pages = [" ".join(page.extract_text().split()) for page in lecteur.pages]
    return lecteur, pages


def test_l_etat_telecharge_le_dossier_complet(client, connecter, dossier_compose, orientee):
    connecter("prefet@prefecture.demo")
    lecteur, pages = _lire(client.get(f"/comite/seances/{dossier_compose.pk}/dossier.pdf"))
    texte = " ".join(pages)
    assert "Dossier de séance" in texte
    assert orientee.titre in texte
    assert "Crédits DSIL 2031" in texte and "Point d'étape PVD" in texte
    assert PARTAGE in texte and SECRET in texte and "Confidentiel" in texte
    # The chosen documents follow their item's summary, in order; the other one is absent.
    assert "PLAN DE FINANCEMENT" in texte and "ETUDE DE SOL" in texte
    assert "BROUILLON ECARTE" not in texte
    resume = next(i for i, page in enumerate(pages) if orientee.reference in page)
    # Every page is numbered, the merged documents' too.
    assert all(page.endswith(f"{n} / {len(pages)}") for n, page in enumerate(pages, start=1))
    financement = next(i for i, page in enumerate(pages) if "PLAN DE FINANCEMENT" in page)
    etude = next(i for i, page in enumerate(pages) if "ETUDE DE SOL" in page)
    assert resume < financement < etude
    assert any("plan.png" in page for page in pages[resume + 1 :])
    # One bookmark per item, the first on the summary of the demande.
    signets = [item for item in lecteur.outline if not isinstance(item, list)]
    assert [s.title for s in signets] == [
        f"1. {orientee.titre}",
        "2. Crédits DSIL 2031",
        "3. Point d'étape PVD",
    ]
    assert lecteur.get_destination_page_number(signets[0]) == resume
    assert "Dossier de la séance du 12/03/2031" in lecteur.metadata.title


def test_un_membre_n_a_ni_le_point_interne_ni_l_avis_confidentiel(
    client, connecter, dossier_compose, orientee, comite, comptes
):
    MembreComite.objects.filter(user=comptes["membre@comite.demo"]).update(
        qualite=Qualite.REPRESENTANT_COLLECTIVITES
    )
    connecter("membre@comite.demo")
    page = client.get(f"/comite/seances/{dossier_compose.pk}/").content.decode()
    assert f"/comite/seances/{dossier_compose.pk}/dossier.pdf" in page
    assert f"/comite/seances/{dossier_compose.pk}/dossier/" not in page
    lecteur, pages = _lire(client.get(f"/comite/seances/{dossier_compose.pk}/dossier.pdf"))
    texte = " ".join(pages)
    assert orientee.titre in texte and "Point d'étape PVD" in texte
    assert "Crédits DSIL 2031" not in texte
    assert PARTAGE in texte
    assert SECRET not in texte and "Bruno Secret" not in texte
    assert "PLAN DE FINANCEMENT" in texte and "ETUDE DE SOL" in texte
    assert "BROUILLON ECARTE" not in texte
    signets = [item.title for item in lecteur.outline if not isinstance(item, list)]
    assert signets == [f"1. {orientee.titre}", "2. Point d'étape PVD"]


def test_un_membre_qui_voit_les_points_internes_n_en_a_pas_les_avis_confidentiels(
    client, connecter, dossier_compose, orientee
):
    PointOrdreDuJour.objects.filter(demande=orientee).update(interne=True)
    connecter("membre@comite.demo")
    _, pages = _lire(client.get(f"/comite/seances/{dossier_compose.pk}/dossier.pdf"))
    texte = " ".join(pages)
    assert "Crédits DSIL 2031" in texte
    # An internal item's file stays with the State: its title only, nothing behind it.
    assert SECRET not in texte and PARTAGE not in texte
    assert "PLAN DE FINANCEMENT" not in texte


def test_une_piece_illisible_est_signalee_et_le_dossier_se_fait(
    client, connecter, seance_publiee, orientee, pieces
):
    connecter("agent@ddt.demo")
    point = PointOrdreDuJour.objects.get(seance=seance_publiee, demande=orientee)
    seance_publiee.refresh_from_db()
    assert (
        _choisir(client, seance_publiee, point, ["abime.pdf", "etude.pdf"], pieces).status_code
        == 302
    )
    _, pages = _lire(client.get(f"/comite/seances/{seance_publiee.pk}/dossier.pdf"))
    texte = " ".join(pages)
    assert "abime.pdf" in texte and "n'a pas pu être lue (le fichier est endommagé)" in texte
    assert "ETUDE DE SOL" in texte


def test_la_collectivite_n_a_pas_le_dossier_des_membres(client, connecter, dossier_compose):
    connecter("maire@delle.demo")
    assert client.get(f"/comite/seances/{dossier_compose.pk}/dossier.pdf").status_code == 403
    page = client.get(f"/comite/seances/{dossier_compose.pk}/").content.decode()
    assert "dossier.pdf" not in page


def test_le_secretariat_voit_les_pieces_cochees(
    client, connecter, dossier_compose, django_assert_max_num_queries
):
    connecter("agent@ddt.demo")
    with django_assert_max_num_queries(25):
        page = client.get(f"/comite/seances/{dossier_compose.pk}/dossier/").content.decode()
    assert "financement.pdf" in page and "brouillon.pdf" in page
    assert page.count("checked") == 3


def test_une_piece_d_une_autre_demande_est_refusee(
    client, connecter, dossier_compose, comptes, orientee
):
    autre = demandes.creer_brouillon(
        collectivite=orientee.collectivite,
        par=comptes["maire@delle.demo"],
        donnees={"titre": "Autre projet", "description": "Autre"},
        fichiers=[SimpleUploadedFile("autre.pdf", pdf_de_demo("AUTRE"), "application/pdf")],
    )
    connecter("agent@ddt.demo")
    point = PointOrdreDuJour.objects.get(seance=dossier_compose, demande=orientee)
    dossier_compose.refresh_from_db()
    reponse = client.post(
        f"/comite/seances/{dossier_compose.pk}/dossier/",
        {"version": dossier_compose.version, f"point_{point.pk}": [autre.pieces.get().pk]},
    )
    assert reponse.status_code == 400
    assert point.pieces_du_dossier.count() == 3


def test_un_membre_ne_choisit_pas_les_pieces(client, connecter, dossier_compose):
    connecter("membre@comite.demo")
    assert client.get(f"/comite/seances/{dossier_compose.pk}/dossier/").status_code == 403


def test_au_dela_de_la_taille_maximale_les_documents_suivants_sont_renvoyes_a_la_demande(
    client, connecter, seance_publiee, orientee, pieces, monkeypatch
):
    from comite.dossier import assemblage

    taille = pieces["financement.pdf"].taille
    monkeypatch.setattr(assemblage, "TAILLE_DES_PIECES_MAX", taille + 10)
    connecter("agent@ddt.demo")
    point = PointOrdreDuJour.objects.get(seance=seance_publiee, demande=orientee)
    seance_publiee.refresh_from_db()
    reponse = _choisir(client, seance_publiee, point, ["financement.pdf", "etude.pdf"], pieces)
    assert reponse.status_code == 302
    _, pages = _lire(client.get(f"/comite/seances/{seance_publiee.pk}/dossier.pdf"))
    texte = " ".join(pages)
    assert "PLAN DE FINANCEMENT" in texte
    assert "ETUDE DE SOL" not in texte
    assert "le dossier atteint sa taille maximale" in texte
