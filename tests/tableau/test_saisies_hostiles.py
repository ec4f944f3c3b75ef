"""Hostile values posted to the dashboard or put in its URL: never a 500, a French message,
nothing saved."""

import pytest
from django.db import connection

from tableau.models import VueEnregistree

from .conftest import relire_jeu

pytestmark = pytest.mark.django_db


@pytest.fixture
def jeu(jeu_du_module):
    """Built once for the module's eighty tests, which all use it and count nothing else."""
    return relire_jeu(jeu_du_module)


# Not an identifier: letters, Unicode digits (« ² » passes str.isdigit() but not int()), a
# decimal, a negative, NUL, more digits than a 64-bit column holds.
PAS_DES_IDENTIFIANTS = ["abc", "²", "\u0661", "\u0663\u0662", "1.5", "-1", "\x00", "9" * 30]


@pytest.mark.parametrize("valeur", PAS_DES_IDENTIFIANTS)
def test_etiqueter_en_masse_avec_une_etiquette_qui_n_en_est_pas_une(client, connecter, jeu, valeur):
    connecter("agent@ddt.demo")

    reponse = client.post(
        "/tableau-de-bord/actions/",
        {"demandes": [jeu["eau"].pk], "action": "etiqueter", "etiquette": valeur},
        follow=True,
    )

    assert reponse.status_code == 200
    assert "Sélectionnez un choix valide" in reponse.content.decode()
    assert not jeu["eau"].etiquettes.exists()


@pytest.mark.parametrize("champ", ["demandes", "referent"])
@pytest.mark.parametrize("valeur", PAS_DES_IDENTIFIANTS)
def test_les_autres_choix_des_actions_en_masse_refusent_aussi(
    client, connecter, jeu, comptes, champ, valeur
):
    donnees = {
        "demandes": [jeu["eau"].pk],
        "action": "assigner",
        "referent": comptes["prefet@prefecture.demo"].pk,
        champ: valeur,
    }
    connecter("agent@ddt.demo")

    reponse = client.post("/tableau-de-bord/actions/", donnees, follow=True)

    assert reponse.status_code == 200
    assert "Sélectionnez un choix valide" in reponse.content.decode()


PARAMETRES = [
    "page",
    "tri",
    "onglet",
    "q",
    "statut",
    "thematique",
    "epci",
    "commune",
    "operateur",
    "referent",
    "programme",
    "etiquette",
    "depose_apres",
    "depose_avant",
    "mes_demandes",
]


@pytest.mark.parametrize(
    "chemin", ["/tableau-de-bord/", "/tableau-de-bord/export.csv", "/tableau-de-bord/export.xlsx"]
)
@pytest.mark.parametrize("parametre", PARAMETRES)
def test_aucun_parametre_de_l_adresse_ne_fait_d_erreur_serveur(
    client, connecter, jeu, chemin, parametre
):
    connecter("agent@ddt.demo")
    for valeur in [
        *PAS_DES_IDENTIFIANTS,
        "\uff12\uff10\uff12\uff16-01-01",
        "\u0662\u0660\u0662\u0666-\u0660\u0661-\u0660\u0661",
    ]:
        reponse = client.get(chemin, {parametre: valeur, "onglet": "toutes"})
        assert reponse.status_code == 200, (parametre, valeur)
        if reponse.streaming:
            b"".join(reponse.streaming_content)  # read to the end, the export's file closed


def test_un_filtre_en_chiffres_arabes_n_est_pas_pris_pour_un_identifiant(
    client, connecter, jeu, delle
):
    # Delle's identifier written in Arabic-Indic digits, which int() would read.
    en_arabe = str(delle.pk).translate(
        str.maketrans("0123456789", "".join(chr(0x0660 + n) for n in range(10)))
    )
    connecter("agent@ddt.demo")

    page = client.get("/tableau-de-bord/", {"onglet": "toutes", "commune": en_arabe})

    assert "Certains filtres sont invalides" in page.content.decode()
    assert page.context["page"].paginator.count == 4


def test_une_vue_aux_filtres_trop_longs_est_refusee(client, connecter, jeu):
    connecter("agent@ddt.demo")

    reponse = client.post(
        "/tableau-de-bord/vues/",
        {"nom": "Très longue", "parametres": "onglet=toutes&q=" + "x" * 2100},
        follow=True,
    )

    assert reponse.status_code == 200
    assert "2 000 caractères au plus" in reponse.content.decode()
    assert not VueEnregistree.objects.exists()


@pytest.mark.parametrize(
    ("nom", "message"),
    [
        ("Ma\x00vue", "Le caractère nul n\u2019est pas autorisé."),
        ("x" * 81, "au plus 80 caractères"),
        ("   ", "Donnez un nom à la vue pour l&#x27;enregistrer."),
    ],
)
def test_un_nom_de_vue_invalide_est_refuse(client, connecter, jeu, nom, message):
    connecter("agent@ddt.demo")

    reponse = client.post(
        "/tableau-de-bord/vues/", {"nom": nom, "parametres": "onglet=toutes"}, follow=True
    )

    assert reponse.status_code == 200
    assert message in reponse.content.decode()
    assert not VueEnregistree.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="NUL refusé par PostgreSQL")
def test_des_filtres_avec_nul_s_enregistrent_echappes(client, connecter, jeu):
    connecter("agent@ddt.demo")

    client.post("/tableau-de-bord/vues/", {"nom": "Nul", "parametres": "onglet=toutes&q=a%00b"})

    assert VueEnregistree.objects.get().parametres == "onglet=toutes&q=a%00b"


@pytest.mark.parametrize(
    "retour", ['"><img src=x onerror=alert(1)>', "tableau:index", "https://evil.example/", "//x"]
)
def test_le_retour_apres_une_action_est_une_page_du_site(client, connecter, jeu, retour):
    # Found by Hypothesis: a value that is no URL was taken for a view's name (a 500).
    connecter("agent@ddt.demo")

    reponse = client.post(
        "/tableau-de-bord/actions/",
        {"demandes": [jeu["eau"].pk], "action": "suivre", "retour": retour},
    )

    assert reponse.status_code == 302
    assert reponse["Location"] == "/tableau-de-bord/"
