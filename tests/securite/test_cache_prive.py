"""Personal data and documents are never kept by a shared cache nor written to disk by the
browser: ``Cache-Control: private, no-store`` on each of them, through HTTP, as the demo's
accounts fetch them."""

import pytest
from django.utils.cache import get_max_age

from comite.models import Seance, StatutSeance
from demandes.models import PieceJointe

pytestmark = pytest.mark.django_db


def _ni_partage_ni_garde(reponse):
    if reponse.streaming:
        b"".join(reponse.streaming_content)
        reponse.close()
    directives = {d.strip() for d in reponse["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives, reponse["Cache-Control"]
    assert "public" not in directives


def test_mes_donnees_json(client, connecter, comptes):
    connecter("maire@belfort.demo")
    reponse = client.get("/comptes/mes-donnees.json")
    assert reponse.status_code == 200
    _ni_partage_ni_garde(reponse)


def test_document_d_une_demande(client, connecter, demo):
    piece = PieceJointe.objects.filter(demande__collectivite__code_insee="90010").first()
    connecter("maire@belfort.demo")
    reponse = client.get(f"/demandes/{piece.demande_id}/documents/{piece.pk}/")
    assert reponse.status_code == 200
    assert reponse["Content-Disposition"].startswith("attachment")
    _ni_partage_ni_garde(reponse)


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_exports_du_tableau_de_bord(client, connecter, comptes, format):
    connecter("agent@ddt.demo")
    reponse = client.get(f"/tableau-de-bord/export.{format}?onglet=toutes")
    assert reponse.status_code == 200
    _ni_partage_ni_garde(reponse)


@pytest.mark.parametrize(
    ("chemin", "statut"),
    [
        ("ordre-du-jour.pdf", StatutSeance.ORDRE_DU_JOUR_PUBLIE),
        ("invitation.ics", StatutSeance.ORDRE_DU_JOUR_PUBLIE),
        ("releve-de-decisions.pdf", StatutSeance.RELEVE_PUBLIE),
    ],
)
def test_documents_du_comite(client, connecter, demo, chemin, statut):
    seance = Seance.objects.filter(statut=statut).first()
    connecter("membre@comite.demo")
    reponse = client.get(f"/comite/seances/{seance.pk}/{chemin}")
    assert reponse.status_code in (200, 503)  # 503: no Pango on this machine, said plainly
    _ni_partage_ni_garde(reponse)


def test_toute_page_d_une_personne_connectee(client, connecter, comptes):
    connecter("maire@belfort.demo")
    for chemin in ("/", "/demandes/", "/notifications/", "/comptes/mes-donnees/"):
        reponse = client.get(chemin)
        assert reponse.status_code == 200, chemin
        _ni_partage_ni_garde(reponse)


def test_une_page_qui_fixe_son_cache_le_garde(client, connecter, comptes):
    connecter("admin@guichet.demo")
    reponse = client.get("/sante/")
    assert get_max_age(reponse) == 0  # never_cache's, untouched
    _ni_partage_ni_garde(reponse)


def test_les_pages_publiques_restent_sans_consigne(client, db):
    reponse = client.get("/")
    assert reponse.status_code == 200
    assert not reponse.has_header("Cache-Control")
