"""The year's report: its totals are the sums of its lines and the export's counts."""

import csv
import io

import pytest
from django.utils import timezone

from accompagnement import services
from tests.comite.conftest import dans_le_pdf
from tests.demandes.conftest import creer
from tests.outils.pdf import pdf_ou_sauter

from .conftest import accompagner

pytestmark = pytest.mark.django_db

ANNEE = timezone.localdate().year


@pytest.fixture
def annee_remplie(comptes, en_instruction_delle):
    accompagnee = accompagner(comptes, en_instruction_delle)
    services.cloturer(
        demande=accompagnee,
        par=comptes["agent@ddt.demo"],
        version=None,
        issue="realise",
        montant_obtenu=80000,
        financeurs="DETR",
    )
    services.donner_satisfaction(
        demande=accompagnee, par=comptes["maire@delle.demo"], satisfaction=5
    )
    creer(comptes, "90010", titre="Belfort", themes=("habitat", "mobilite"))
    creer(comptes, titre="Delle bis")
    creer(comptes, titre="Brouillon", deposer=False)  # never counted
    return accompagnee


def lignes_de_l_export(client):
    reponse = client.get(
        f"/tableau-de-bord/export.csv?depose_apres={ANNEE}-01-01&depose_avant={ANNEE}-12-31"
    )
    texte = b"".join(reponse.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(texte), delimiter=";"))


def test_les_totaux_du_bilan_sont_la_somme_des_lignes_et_ceux_de_l_export(
    client, connecter, annee_remplie
):
    connecter("agent@ddt.demo")
    reponse = client.get(f"/comite/bilan/{ANNEE}/")
    assert reponse.status_code == 200
    bilan = reponse.context["bilan"]
    export = lignes_de_l_export(client)
    assert bilan["total"] == len(export) == 3
    for _, repartition, _ in bilan["repartitions"]:
        assert repartition.total == sum(nombre for _, nombre in repartition.lignes)
    assert bilan["par_epci"].total == bilan["total"] == bilan["par_programme"].total
    par_epci = {}
    for ligne in export:
        epci = ligne["EPCI"] or "Hors EPCI (EPCI, département, syndicat…)"
        par_epci[epci] = par_epci.get(epci, 0) + 1
    assert dict(bilan["par_epci"].lignes) == par_epci
    assert bilan["issues"]["total"] == bilan["total"]
    assert bilan["issues"]["montant"] == 80000 == bilan["financements"]["montant"]
    assert bilan["satisfaction"].total == 1 and bilan["satisfaction"].moyenne == 5
    operateurs = bilan["operateurs"]
    assert operateurs["total"]["recues"] == sum(ligne["recues"] for ligne in operateurs["lignes"])
    assert operateurs["total"]["recues"] == 2  # Cerema (answered) and Anah (silent)
    assert operateurs["total"]["taux"] == 50
    page = reponse.content.decode()
    assert "Demandes déposées : 3" in page and "Projet réalisé" in page


def test_le_bilan_coute_le_meme_nombre_de_requetes_quel_que_soit_le_volume(
    client, connecter, comptes, annee_remplie, django_assert_max_num_queries
):
    connecter("agent@ddt.demo")
    with django_assert_max_num_queries(25):
        client.get(f"/comite/bilan/{ANNEE}/")
    for numero in range(8):
        creer(comptes, titre=f"Projet {numero}", themes=("habitat", "eau-potable"))
    with django_assert_max_num_queries(25):
        assert client.get(f"/comite/bilan/{ANNEE}/").context["bilan"]["total"] == 11


def test_le_bilan_en_pdf_se_lit(client, connecter, annee_remplie, comite):
    connecter("membre@comite.demo")
    reponse = pdf_ou_sauter(client, f"/comite/bilan/{ANNEE}/bilan.pdf")
    assert reponse["Content-Type"] == "application/pdf"
    contenu = reponse.content
    assert contenu.startswith(b"%PDF")
    for titre in ("Demandes déposées : 3", "Par thématique : 5", "Réponses des opérateurs"):
        assert dans_le_pdf(titre, contenu), titre


@pytest.mark.parametrize("email", ["maire@delle.demo", "contact@cerema.demo"])
def test_le_bilan_est_refuse_aux_collectivites_et_aux_operateurs(client, connecter, comptes, email):
    connecter(email)
    assert client.get(f"/comite/bilan/{ANNEE}/").status_code == 403
    assert client.get(f"/comite/bilan/{ANNEE}/bilan.pdf").status_code == 403


def test_une_annee_hors_du_guichet_est_introuvable(client, connecter, comptes):
    connecter("agent@ddt.demo")
    assert client.get("/comite/bilan/1999/").status_code == 404
    assert client.get(f"/comite/bilan/{ANNEE + 1}/").status_code == 404
