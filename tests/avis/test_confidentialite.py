"""A confidential avis is never shown to the collectivité (page, timeline, notifications, PDF),
nor to the operators and the comité; a shareable avis, once answered, is read by all who see
the demande (``avis/regles.py``)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from comite.models import PointOrdreDuJour
from demandes.demo import pdf_de_demo
from guichet.notifications.models import Notification

from .conftest import demander, repondre

pytestmark = pytest.mark.django_db

SECRET = "Réserve foncière non publique sur la parcelle AB 12"
PARTAGE = "Favorable : le projet respecte le plan de prévention"


@pytest.fixture
def deux_avis(comptes, orientee):
    confidentiel = demander(
        comptes,
        orientee,
        expert_nom="Bruno Secret",
        expert_organisme="DDFiP",
        expert_email="bruno@ddfip.example",
        confidentiel=True,
    )
    repondre(
        confidentiel,
        SECRET,
        [SimpleUploadedFile("estimation.pdf", pdf_de_demo("Estimation"), "application/pdf")],
    )
    partageable = demander(comptes, orientee)
    repondre(
        partageable,
        PARTAGE,
        [SimpleUploadedFile("carte.pdf", pdf_de_demo("Carte"), "application/pdf")],
    )
    return confidentiel, partageable


@pytest.mark.parametrize("email", ["maire@delle.demo", "contact@cerema.demo", "contact@anah.demo"])
def test_ni_la_collectivite_ni_les_operateurs_ne_lisent_un_avis_confidentiel(
    client, connecter, orientee, deux_avis, email
):
    confidentiel, partageable = deux_avis
    connecter(email)
    page = client.get(f"/demandes/{orientee.pk}/?historique=1").content.decode()
    assert PARTAGE in page
    assert "carte.pdf" in page
    assert SECRET not in page
    assert "Bruno Secret" not in page and "DDFiP" not in page
    assert "estimation.pdf" not in page
    document = confidentiel.documents.get()
    url = f"/demandes/{orientee.pk}/avis/{confidentiel.pk}/documents/{document.pk}/"
    assert client.get(url).status_code == 404
    partage = partageable.documents.get()
    reponse = client.get(f"/demandes/{orientee.pk}/avis/{partageable.pk}/documents/{partage.pk}/")
    assert reponse.status_code == 200
    assert b"".join(reponse.streaming_content).startswith(b"%PDF")
    reponse.close()


def test_l_etat_lit_tous_les_avis(client, connecter, orientee, deux_avis):
    connecter("prefet@prefecture.demo")
    page = client.get(f"/demandes/{orientee.pk}/").content.decode()
    assert SECRET in page and PARTAGE in page
    assert "Confidentiel" in page and "Partageable" in page


def test_la_collectivite_n_est_jamais_notifiee_d_un_avis(comptes, orientee, deux_avis):
    lignes = Notification.objects.filter(destinataire=comptes["maire@delle.demo"])
    assert not lignes.filter(evenement__startswith="avis").exists()
    assert not any("Bruno" in n.corps + n.sujet for n in lignes)


def texte_du_pdf(contenu):
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(contenu)).pages
    )


def test_le_pdf_de_l_ordre_du_jour_montre_les_avis_partageables_des_points_publics(
    client, connecter, seance_publiee, deux_avis
):
    connecter("prefet@prefecture.demo")
    reponse = client.get(f"/comite/seances/{seance_publiee.pk}/ordre-du-jour.pdf")
    assert reponse.status_code == 200
    texte = texte_du_pdf(reponse.content)
    assert "Avis d'experts" in texte
    assert "Favorable : le projet respecte" in texte
    assert "Réserve foncière" not in texte
    assert "Bruno Secret" not in texte


def test_un_membre_du_comite_lit_dans_le_pdf_l_avis_partageable_seulement(
    client, connecter, seance_publiee, deux_avis
):
    connecter("membre@comite.demo")
    texte = texte_du_pdf(
        client.get(f"/comite/seances/{seance_publiee.pk}/ordre-du-jour.pdf").content
    )
    assert "Favorable : le projet respecte" in texte
    assert "Réserve foncière" not in texte


def test_un_point_interne_montre_a_l_etat_les_avis_confidentiels(
    client, connecter, seance_publiee, orientee, deux_avis
):
    PointOrdreDuJour.objects.filter(demande=orientee).update(interne=True)
    connecter("agent@ddt.demo")
    texte = texte_du_pdf(
        client.get(f"/comite/seances/{seance_publiee.pk}/ordre-du-jour.pdf").content
    )
    assert "Réserve foncière" in texte and "Confidentiel" in texte
    client.logout()
    connecter("maire@delle.demo")
    reponse = client.get(f"/comite/seances/{seance_publiee.pk}/ordre-du-jour.pdf")
    assert reponse.status_code in (200, 404)
    if reponse.status_code == 200:
        assert "Réserve foncière" not in texte_du_pdf(reponse.content)
