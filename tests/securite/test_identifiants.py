"""Identifiers sent in forms and queries: only ASCII digits that fit a 64-bit column name an
object. Python's ``int()`` also reads U+0661 (Arabic-Indic one) or « 1_0 », ``str.isdigit()``
says yes to « ² »; SQLite overflows past 2**63 on ``IN``. None of them is a 500."""

import html

import pytest

from demandes.models import Demande
from guichet.territoire.models import Thematique

pytestmark = pytest.mark.django_db

HOSTILES = [
    *("²", "¹", "\u0661", "①", "\U0001d7d9"),  # digits for Python, not identifiers
    *("1_0", " 1", "+1", "-1", "1.0", "\x00"),  # numbers for int(), not identifiers
    *(str(2**63), str(2**70)),  # past a 64-bit column
]


def en_chiffres_arabes(nombre):
    return "".join(chr(0x660 + int(chiffre)) for chiffre in str(nombre))


def page(reponse):
    return html.unescape(reponse.content.decode())


@pytest.mark.parametrize("valeur", HOSTILES)
def test_un_choix_unique_hostile_est_refuse_a_cote_du_champ(
    client, connecter, en_instruction_delle, valeur
):
    connecter("agent@ddt.demo")
    reponse = client.post(f"/demandes/{en_instruction_delle.pk}/confier/", {"referent": valeur})
    assert reponse.status_code == 400
    assert "Sélectionnez un choix valide." in page(reponse)
    assert Demande.objects.get(pk=en_instruction_delle.pk).version == en_instruction_delle.version


def test_un_identifiant_en_chiffres_arabes_ne_designe_pas_l_objet(
    client, connecter, comptes, en_instruction_delle
):
    connecter("agent@ddt.demo")
    prefet = comptes["prefet@prefecture.demo"]
    reponse = client.post(
        f"/demandes/{en_instruction_delle.pk}/confier/", {"referent": en_chiffres_arabes(prefet.pk)}
    )
    assert reponse.status_code == 400
    assert Demande.objects.get(pk=en_instruction_delle.pk).referent == comptes["agent@ddt.demo"]


@pytest.mark.parametrize("valeur", HOSTILES)
def test_un_choix_multiple_hostile_est_refuse_a_cote_du_champ(client, connecter, comptes, valeur):
    connecter("maire@delle.demo")
    habitat = Thematique.objects.get(slug="habitat").pk
    reponse = client.post(
        "/demandes/nouvelle/",
        {"titre": "Salle des fêtes", "thematiques": [habitat, valeur], "brouillon": "1"},
    )
    assert reponse.status_code == 200
    assert "Sélectionnez un choix valide." in page(reponse)
    assert not Demande.objects.exists()


@pytest.mark.parametrize("valeur", ["²", "\u0661", "\x00", str(2**70)])
@pytest.mark.parametrize(
    "url",
    ["/tableau-de-bord/", "/tableau-de-bord/export.csv", "/tableau-de-bord/export.xlsx"],
)
def test_les_filtres_du_tableau_de_bord_et_des_exports_ignorent_un_identifiant_hostile(
    client, connecter, en_instruction_delle, url, valeur
):
    connecter("agent@ddt.demo")
    filtres = ("thematique", "epci", "commune", "operateur", "referent", "programme", "etiquette")
    reponse = client.get(url, dict.fromkeys(filtres, valeur))
    assert reponse.status_code == 200
    reponse.close()
