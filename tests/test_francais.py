"""French grammar in what the portal writes: plurals (0 and 1 are singular), enumerations,
articles of the collectivités, and one mention of optional fields."""

import re

import pytest
from django.template import Context, Template

from guichet.francais import enumeration, pluriel
from guichet.territoire.models import Collectivite


@pytest.mark.parametrize(
    ("nombre", "attendu"),
    [(0, "0 demande attend"), (1, "1 demande attend"), (2, "2 demandes attendent")],
)
def test_le_pluriel_francais_met_0_et_1_au_singulier(nombre, attendu):
    gabarit = Template(
        '{% load francais %}{{ n }} demande{{ n|pluriel }} attend{{ n|pluriel:"ent" }}'
    )
    assert gabarit.render(Context({"n": nombre})) == attendu


def test_le_pluriel_a_deux_formes_et_ce_qui_n_est_pas_un_nombre():
    assert [pluriel(n, "travail,travaux") for n in (0, 1, 2)] == ["travail", "travail", "travaux"]
    assert pluriel(1.5) == "" and pluriel(None) == "" and pluriel("3") == "s"


def test_une_enumeration_se_termine_par_et():
    assert enumeration([]) == ""
    assert enumeration(["à l'Ademe"]) == "à l'Ademe"
    assert enumeration(["à l'Ademe", "au Cerema", "à l'Anah"]) == (
        "à l'Ademe, au Cerema et à l'Anah"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filtre", "avec", "de"),
    [
        ({"code_insee": "90033"}, "la commune de Delle", "de la commune de Delle"),
        ({"code_insee": "90041"}, "la commune d'Étueffont", "de la commune d'Étueffont"),
        (
            {"type": "departement"},
            "le département du Territoire de Belfort",
            "du département du Territoire de Belfort",
        ),
        ({"siren": "200069052"}, "la CA Grand Belfort", "de la CA Grand Belfort"),
    ],
)
def test_les_collectivites_avec_leur_article(filtre, avec, de):
    collectivite = Collectivite.objects.get(**filtre)
    assert (collectivite.avec_article, collectivite.de_article) == (avec, de)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "adresse", "libelle"),
    [
        ("agent@ddt.demo", "/comite/seances/", "Lien de visioconférence"),
        ("maire@delle.demo", "/demandes/nouvelle/", "Programme national"),
    ],
)
@pytest.mark.usefixtures("comptes")
def test_un_champ_facultatif_est_signale_une_seule_fois(client, connecter, email, adresse, libelle):
    connecter(email)
    page = client.get(adresse).content.decode()
    assert re.search(rf"{libelle}\s*\(Optionnel\)", page)
    assert "facultatif" not in page.lower()
