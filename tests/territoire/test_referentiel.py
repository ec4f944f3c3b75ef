import pytest
from django.db.models import Sum

from guichet.territoire.chargement import charger_territoire
from guichet.territoire.models import Collectivite, Operateur, Thematique, TypeCollectivite

pytestmark = pytest.mark.django_db


def test_les_101_communes_et_3_epci_sont_charges_par_la_migration():
    communes = Collectivite.objects.filter(type=TypeCollectivite.COMMUNE)
    assert communes.count() == 101
    assert Collectivite.objects.filter(type=TypeCollectivite.EPCI).count() == 3
    assert Collectivite.objects.filter(type=TypeCollectivite.DEPARTEMENT, code_insee="90").exists()
    assert communes.aggregate(total=Sum("population"))["total"] == 140_255
    assert not communes.filter(epci__isnull=True).exists()


@pytest.mark.parametrize(
    ("epci", "nombre"),
    [("CA Grand Belfort", 52), ("CC du Sud Territoire", 27), ("CC des Vosges du Sud", 22)],
)
def test_chaque_epci_a_ses_communes(epci, nombre):
    assert Collectivite.objects.get(nom=epci).communes.count() == nombre


def test_belfort_et_delle():
    belfort = Collectivite.objects.get(code_insee="90010")
    assert (belfort.nom, belfort.epci.nom, belfort.code_postal) == (
        "Belfort",
        "CA Grand Belfort",
        "90000",
    )
    assert Collectivite.objects.get(code_insee="90033").epci.nom == "CC du Sud Territoire"
    assert Collectivite.objects.get(code_insee="90033").libelle == "commune de Delle"


def test_le_chargement_est_idempotent_et_ne_duplique_rien():
    avant = Collectivite.objects.count()
    assert charger_territoire(Collectivite) == {"epci": 3, "communes": 101}
    assert Collectivite.objects.count() == avant


def test_les_thematiques_du_communique_et_les_cinq_operateurs():
    noms = set(Thematique.objects.values_list("nom", flat=True))
    assert len(noms) == 16
    assert {"Eau potable", "Filières d'avenir, dont l'hydrogène", "Habitat", "Mobilité"} <= noms
    assert set(Operateur.objects.values_list("sigle", flat=True)) == {
        "Ademe",
        "Anah",
        "ANRU",
        "Banque des Territoires",
        "Cerema",
    }
    assert (
        Operateur.objects.get(slug="cerema").thematiques.filter(slug="risques-inondation").exists()
    )
