"""/donnees/: the supported projects whose collectivité agreed, their figures, in CSV and JSON
under the Licence Ouverte 2.0, described by Table Schemas that the files follow."""

import csv
import io
import json

import pytest
from django.utils import timezone
from frictionless import Resource, Schema

from demandes import services
from demandes.models import Demande, Statut
from guichet.territoire.models import Collectivite, Thematique
from tests.demandes.test_deposer import formulaire

from .conftest import accompagner

pytestmark = pytest.mark.django_db

FICHIERS = ["projets.csv", "projets.json", "statistiques.csv", "statistiques.json"]
# What identifies or describes a person, or is the collectivité's free text.
PERSONNEL = [
    "Louis Bernard",
    "maire@delle.demo",
    "@",
    "03 84",
    "Isolation, chauffage",
    "Étude hydraulique",
    "Texte libre secret",
]


def deposer(comptes, insee, titre, *, consentement, themes=("habitat",)):
    membres = {"90033": "maire@delle.demo", "90010": "maire@belfort.demo"}
    maire = comptes[membres[insee]]
    demande = services.creer_brouillon(
        collectivite=Collectivite.objects.get(code_insee=insee),
        par=maire,
        donnees={
            "titre": titre,
            "description": "Texte libre secret de la collectivité.",
            "besoin": "financement",
            "maturite": "etudes",
            "contact_nom": "Louis Bernard",
            "contact_email": "maire@delle.demo",
            "contact_telephone": "03 84 00 00 00",
            "publier_donnees_ouvertes": consentement,
        },
        thematiques=Thematique.objects.filter(slug__in=themes),
        deposer=True,
    )
    return services.prendre_en_charge(demande=demande, par=comptes["agent@ddt.demo"], version=None)


@pytest.fixture
def projets(comptes):
    """Two supported projects that may be published (Delle, Belfort), one supported without
    consent, one with consent still in instruction."""
    publies = [
        accompagner(
            comptes,
            deposer(
                comptes,
                "90033",
                "Rénovation de l'école",
                consentement=True,
                themes=("habitat", "eau-potable"),
            ),
        ),
        accompagner(comptes, deposer(comptes, "90010", "Voie verte", consentement=True)),
    ]
    accompagner(comptes, deposer(comptes, "90010", "Projet discret", consentement=False))
    deposer(comptes, "90033", "Projet en instruction", consentement=True)
    return publies


def lire_csv(reponse):
    return list(csv.DictReader(io.StringIO(reponse.content.decode())))


def test_la_collectivite_donne_son_accord_au_depot(client, connecter, comptes):
    connecter("maire@delle.demo")
    page = client.get("/demandes/nouvelle/").content.decode()
    assert "Publier en données ouvertes" in page
    client.post("/demandes/nouvelle/", formulaire(deposer="1", publier_donnees_ouvertes="on"))
    client.post("/demandes/nouvelle/", formulaire(deposer="1", titre="Sans accord"))
    assert dict(Demande.objects.values_list("titre", "publier_donnees_ouvertes")) == {
        "Rénovation de la salle des fêtes": True,
        "Sans accord": False,
    }


def test_seules_les_demandes_consenties_et_accompagnees_sont_publiees(client, projets):
    for fichier in ("projets.csv", "projets.json"):
        reponse = client.get(f"/donnees/{fichier}")
        assert reponse.status_code == 200
        lignes = lire_csv(reponse) if fichier.endswith(".csv") else json.loads(reponse.content)
        assert sorted(ligne["titre"] for ligne in lignes) == ["Rénovation de l'école", "Voie verte"]
    page = client.get("/donnees/").content.decode()
    assert "Rénovation de l&#x27;école" in page and "Voie verte" in page
    assert "Projet discret" not in page and "Projet en instruction" not in page


def test_une_ligne_dit_la_commune_l_epci_les_thematiques_et_les_operateurs(client, projets):
    (ligne,) = [
        x for x in lire_csv(client.get("/donnees/projets.csv")) if x["collectivite"] == "Delle"
    ]
    assert ligne["identifiant"] == projets[0].reference
    assert ligne["type_collectivite"] == "Commune"
    assert ligne["code_insee"] == "90033"
    assert ligne["epci"] == "CC du Sud Territoire"
    assert set(ligne["thematiques"].split(" ; ")) == {"Habitat", "Eau potable"}
    # Cerema accepted, Anah never answered: only who supports the project is named.
    assert ligne["operateurs"] == "Cerema"
    # The day in Paris, not in UTC: a decision taken after 11 p.m. in winter belongs to the
    # next day in UTC.
    assert ligne["date_decision"] == timezone.localdate(projets[0].date_accompagnement).isoformat()


def test_aucune_donnee_personnelle_n_est_publiee(client, projets):
    for adresse in ["/donnees/", *(f"/donnees/{fichier}" for fichier in FICHIERS)]:
        contenu = client.get(adresse).content.decode()
        if adresse == "/donnees/":
            contenu = contenu[contenu.index("<main") : contenu.index("</main>")]
        for texte in PERSONNEL:
            assert texte not in contenu, (adresse, texte)


@pytest.mark.parametrize(
    ("fichier", "schema"),
    [
        ("projets.csv", "schema.json"),
        ("projets.json", "schema.json"),
        ("statistiques.csv", "schema-statistiques.json"),
        ("statistiques.json", "schema-statistiques.json"),
    ],
)
def test_chaque_fichier_est_conforme_a_son_schema(client, projets, fichier, schema):
    descripteur = client.get(f"/donnees/{schema}").json()
    assert Schema.validate_descriptor(descripteur).valid
    reponse = client.get(f"/donnees/{fichier}")
    assert reponse["Access-Control-Allow-Origin"] == "*"
    if fichier.endswith(".csv"):
        assert reponse["Content-Type"] == "text/csv; charset=utf-8"
        ressource = Resource(
            reponse.content, format="csv", encoding="utf-8", schema=Schema(descripteur)
        )
    else:
        ressource = Resource(data=reponse.json(), schema=Schema(descripteur))
    rapport = ressource.validate()
    assert rapport.valid, rapport.flatten(["rowNumber", "fieldName", "type", "note"])
    assert rapport.tasks[0].stats["rows"] > 0


def test_un_fichier_non_conforme_est_refuse_par_le_schema(client, projets):
    """The check above can fail: a row with a made-up date is caught."""
    descripteur = client.get("/donnees/schema.json").json()
    lignes = client.get("/donnees/projets.json").json()
    lignes[0]["date_decision"] = "hier"
    assert not Resource(data=lignes, schema=Schema(descripteur)).validate().valid


def test_les_totaux_des_statistiques_sont_la_somme_des_lignes(client, comptes, projets):
    lignes = client.get("/donnees/statistiques.json").json()
    par_dimension = {}
    for ligne in lignes:
        par_dimension.setdefault(ligne["dimension"], {})[ligne["valeur"]] = ligne["nombre_projets"]
    assert par_dimension["epci"] == {"CC du Sud Territoire": 1, "CA Grand Belfort": 1}
    assert sum(par_dimension["epci"].values()) == 2
    assert sum(par_dimension["annee"].values()) == 2
    assert par_dimension["thematique"] == {"Habitat": 2, "Eau potable": 1}
    page = client.get("/donnees/").content.decode()
    assert "2 projets accompagnés publiés" in page
    assert page.count('<tfoot><tr><th scope="row">Total</th><td>2</td></tr></tfoot>') == 2


def test_la_page_montre_la_carte_des_communes_et_la_licence(
    client, projets, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        reponse = client.get("/donnees/")
    page = reponse.content.decode()
    assert "<h1>Données ouvertes</h1>" in page
    assert '<svg class="guichet-carte"' in page
    assert "<title>Delle : 1 demande</title>" in page
    assert "Licence Ouverte / Open Licence version 2.0" in page
    assert "<script" not in page[page.index("<main") : page.index("</main>")]
    for fichier in FICHIERS:
        assert f'href="/donnees/{fichier}"' in page


def test_le_paquet_de_donnees_donne_la_licence_et_les_schemas(client, db):
    paquet = client.get("/donnees/datapackage.json").json()
    assert paquet["licenses"][0]["name"] == "etalab-2.0"
    assert {r["path"].rsplit("/", 1)[1] for r in paquet["resources"]} == set(FICHIERS)


def test_la_page_est_liee_du_pied_de_page_et_du_plan_du_site(client, db):
    assert 'href="/donnees/">Données ouvertes</a>' in client.get("/").content.decode()
    plan = client.get("/plan-du-site/").content.decode()
    assert '<a href="/donnees/">Données ouvertes</a>' in plan


def test_sans_projet_publie_la_page_et_les_fichiers_restent_valides(client, db):
    assert "Aucun projet n'est encore publié." in client.get("/donnees/").content.decode()
    assert client.get("/donnees/projets.json").json() == []
    assert lire_csv(client.get("/donnees/projets.csv")) == []
    assert client.get("/donnees/projets.csv").content.decode().startswith("identifiant,titre,")


def test_une_demande_cloturee_apres_accompagnement_reste_publiee(client, comptes, projets):
    demande = projets[1]
    services.cloturer_demande(demande=demande, par=comptes["agent@ddt.demo"], version=None)
    assert Demande.objects.get(pk=demande.pk).statut == Statut.CLOTUREE
    titres = [ligne["titre"] for ligne in client.get("/donnees/projets.json").json()]
    assert "Voie verte" in titres
