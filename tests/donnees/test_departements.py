"""The open data cover every département the instance serves (issue #23): each project says
its département (``code_departement``), the files still follow their schema, and the page says
which départements the published projects come from."""

import pytest
from django.utils import timezone
from frictionless import Resource, Schema

from demandes.models import Statut
from tests.factories import DemandeFactory
from tests.outils.deux_departements import (  # noqa: F401  (shared fixtures)
    besancon,
    doubs,
    maire_besancon,
)

from .test_donnees_ouvertes import lire_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def publies(comptes, besancon, maire_besancon):  # noqa: F811
    """A published project in the Doubs and one in the Territoire de Belfort."""

    def publie(**champs):
        return DemandeFactory(
            statut=Statut.ACCOMPAGNEE,
            date_accompagnement=timezone.now(),
            publier_donnees_ouvertes=True,
            **champs,
        )

    return {
        "25": publie(collectivite=besancon, deposant=maire_besancon, titre="Passerelle"),
        "90": publie(titre="Cantine de Delle"),
    }


def test_chaque_projet_porte_le_code_de_son_departement(client, publies):
    lignes = {ligne["titre"]: ligne for ligne in lire_csv(client.get("/donnees/projets.csv"))}
    assert lignes["Passerelle"]["code_departement"] == "25"
    assert lignes["Cantine de Delle"]["code_departement"] == "90"
    assert {ligne["code_departement"] for ligne in client.get("/donnees/projets.json").json()} == {
        "25",
        "90",
    }


@pytest.mark.parametrize("fichier", ["projets.csv", "projets.json"])
def test_les_fichiers_des_deux_departements_suivent_le_schema(client, publies, fichier):
    descripteur = client.get("/donnees/schema.json").json()
    assert Schema.validate_descriptor(descripteur).valid
    champ = next(c for c in descripteur["fields"] if c["name"] == "code_departement")
    assert champ["constraints"]["required"] is True
    assert "tous les départements" in descripteur["description"]
    reponse = client.get(f"/donnees/{fichier}")
    if fichier.endswith(".csv"):
        ressource = Resource(reponse.content, format="csv", schema=Schema(descripteur))
    else:
        ressource = Resource(data=reponse.json(), schema=Schema(descripteur))
    rapport = ressource.validate()
    assert rapport.valid, rapport.flatten(["rowNumber", "fieldName", "type", "note"])
    assert rapport.tasks[0].stats["rows"] == 2


def test_un_code_de_departement_invalide_est_refuse_par_le_schema(client, publies):
    descripteur = client.get("/donnees/schema.json").json()
    lignes = client.get("/donnees/projets.json").json()
    lignes[0]["code_departement"] = "Doubs"
    assert not Resource(data=lignes, schema=Schema(descripteur)).validate().valid


def test_la_page_dit_que_les_donnees_couvrent_les_departements_servis(client, publies):
    page = client.get("/donnees/").content.decode()
    assert "Les données couvrent tous les départements que sert ce guichet unique" in page
    assert "des départements Doubs (25), Territoire de Belfort (90)" in page
    assert "« Guichet unique des comités locaux de cohésion des territoires »" in page
    assert "Belfort »" not in page
    paquet = client.get("/donnees/datapackage.json").json()
    assert paquet["name"] == "guichet-unique-projets-accompagnes"
