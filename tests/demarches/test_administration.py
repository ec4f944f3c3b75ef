"""The administrator configures a démarche and its fields in Django's admin."""

import pytest

from demarches.models import Demarche

pytestmark = pytest.mark.django_db


def test_l_administrateur_configure_une_demarche_et_ses_champs(client, connecter, gestionnaire):
    connecter("gestion@guichet.demo")
    assert client.get("/admin/demarches/demarche/add/").status_code == 200
    reponse = client.post(
        "/admin/demarches/demarche/add/",
        {
            "nom": "DETR/DSIL 2027",
            "numero": "98765",
            "chemin": "https://www.demarches-simplifiees.fr/commencer/detr-dsil-90",
            "active": "on",
            "champs-TOTAL_FORMS": "2",
            "champs-INITIAL_FORMS": "0",
            "champs-MIN_NUM_FORMS": "0",
            "champs-MAX_NUM_FORMS": "1000",
            "champs-0-champ_demande": "titre",
            "champs-0-identifiant_ds": "champ_Q2hhbXAtMTIz",
            "champs-1-champ_demande": "budget_estime",
            "champs-1-identifiant_ds": "Q2hhbXAtMTI3",
            "_save": "Enregistrer",
        },
    )
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    demarche = Demarche.objects.get()
    # The whole public link pasted is cut down to its path; « champ_ » is dropped.
    assert demarche.chemin == "detr-dsil-90"
    assert list(demarche.champs.values_list("champ_demande", "identifiant_ds")) == [
        ("titre", "Q2hhbXAtMTIz"),
        ("budget_estime", "Q2hhbXAtMTI3"),
    ]


def test_un_chemin_invalide_est_refuse_en_francais(client, connecter, gestionnaire):
    connecter("gestion@guichet.demo")
    reponse = client.post(
        "/admin/demarches/demarche/add/",
        {
            "nom": "DETR",
            "numero": "1",
            "chemin": "DETR DSIL !",
            "champs-TOTAL_FORMS": "0",
            "champs-INITIAL_FORMS": "0",
            "champs-MIN_NUM_FORMS": "0",
            "champs-MAX_NUM_FORMS": "1000",
        },
    )
    assert reponse.status_code == 200
    assert "Le chemin s&#x27;écrit en minuscules" in reponse.content.decode()
    assert not Demarche.objects.exists()
