"""« Préparer le dossier DETR/DSIL »: a State agent opens, on a supported demande, a dossier of
Démarches Simplifiées prefilled from it; the demande keeps the link."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError

from demandes.models import Evenement, TypeEvenement
from demarches import preremplissage
from demarches.models import CorrespondanceChamp, DossierPrepare

pytestmark = pytest.mark.django_db


def preparer(client, demande, demarche):
    return client.post(f"/demandes/{demande.pk}/dossier-detr-dsil/", {"demarche": demarche.pk})


def test_l_agent_ouvre_le_dossier_pre_rempli_avec_les_champs_encodes(
    client, connecter, accompagnee, demarche
):
    accompagnee.titre = "Salle des fêtes & école : 1re tranche ?"
    accompagnee.save()
    connecter("agent@ddt.demo")
    reponse = preparer(client, accompagnee, demarche)
    assert reponse.status_code == 302
    lien = reponse["Location"]
    adresse = urlsplit(lien)
    assert f"{adresse.scheme}://{adresse.netloc}" == "https://www.demarches-simplifiees.fr"
    assert adresse.path == "/commencer/detr-dsil-90"
    # Encoded: no raw space, ampersand or question mark inside a value.
    assert "Salle%20des%20f%C3%AAtes%20%26%20%C3%A9cole%20%3A%201re%20tranche%20%3F" in lien
    valeurs = parse_qs(adresse.query)
    themes = valeurs.pop("champ_Q2hhbXAtMTI2")
    assert valeurs == {
        "champ_Q2hhbXAtMTIz": ["Salle des fêtes & école : 1re tranche ?"],
        "champ_Q2hhbXAtMTI0": ["Delle"],
        "champ_Q2hhbXAtMTI1": ["Isolation, chauffage, accessibilité."],
        "champ_Q2hhbXAtMTI3": ["300000"],
    }
    assert set(themes[0].split(", ")) == {"Habitat", "Transition écologique et énergie"}


def test_la_demande_garde_le_lien_et_son_historique_le_dit(
    client, connecter, accompagnee, demarche
):
    connecter("agent@ddt.demo")
    lien = preparer(client, accompagnee, demarche)["Location"]
    dossier = DossierPrepare.objects.get(demande=accompagnee)
    assert dossier.lien == lien
    evenement = Evenement.objects.get(demande=accompagnee, type=TypeEvenement.DOSSIER_DS)
    assert evenement.detail == lien
    assert evenement.interne
    page = client.get(f"/demandes/{accompagnee.pk}/").content.decode()
    assert "Dossier pré-rempli préparé sur Démarches Simplifiées" in page
    assert f'href="{lien.replace("&", "&amp;")}"' in page


def test_la_collectivite_ne_voit_ni_le_bouton_ni_le_lien(client, connecter, accompagnee, demarche):
    connecter("agent@ddt.demo")
    preparer(client, accompagnee, demarche)
    client.logout()
    connecter("maire@delle.demo")
    page = client.get(f"/demandes/{accompagnee.pk}/").content.decode()
    assert "Préparer le dossier DETR/DSIL" not in page
    assert "demarches-simplifiees.fr" not in page
    assert "Dossier pré-rempli" not in page


@pytest.mark.parametrize("email", ["maire@delle.demo", "contact@cerema.demo"])
def test_seul_l_etat_prepare_le_dossier(client, connecter, accompagnee, demarche, email):
    connecter(email)
    assert preparer(client, accompagnee, demarche).status_code == 403
    assert not DossierPrepare.objects.exists()


def test_le_bouton_est_sur_la_page_d_une_demande_accompagnee_pour_l_etat(
    client, connecter, accompagnee, demarche
):
    connecter("prefet@prefecture.demo")
    page = client.get(f"/demandes/{accompagnee.pk}/").content.decode()
    assert "Préparer le dossier DETR/DSIL" in page
    assert f'name="demarche" value="{demarche.pk}"' in page


def test_une_demande_qui_n_est_pas_accompagnee_n_a_pas_de_dossier(
    client, connecter, orientee, demarche
):
    connecter("agent@ddt.demo")
    assert (
        "Préparer le dossier DETR/DSIL"
        not in client.get(f"/demandes/{orientee.pk}/").content.decode()
    )
    reponse = preparer(client, orientee, demarche)
    assert reponse.status_code == 302
    assert reponse["Location"] == f"/demandes/{orientee.pk}/"
    assert not DossierPrepare.objects.exists()
    assert not Evenement.objects.filter(type=TypeEvenement.DOSSIER_DS).exists()
    page = client.get(reponse["Location"]).content.decode()
    assert "pour une demande accompagnée seulement" in page


def test_une_demarche_desactivee_n_est_plus_proposee(client, connecter, accompagnee, demarche):
    demarche.active = False
    demarche.save()
    connecter("agent@ddt.demo")
    reponse = preparer(client, accompagnee, demarche)
    assert reponse["Location"] == f"/demandes/{accompagnee.pk}/"
    assert not DossierPrepare.objects.exists()


def test_l_adresse_de_demarches_simplifiees_vient_de_l_environnement(
    client, connecter, accompagnee, demarche, settings
):
    settings.DS_URL = "https://demarches.exemple.gouv.fr"
    connecter("agent@ddt.demo")
    lien = preparer(client, accompagnee, demarche)["Location"]
    assert lien.startswith("https://demarches.exemple.gouv.fr/commencer/detr-dsil-90?")


def test_une_longue_description_est_coupee_pour_garder_un_lien_utilisable(
    client, connecter, accompagnee, demarche
):
    accompagnee.description = "Très long texte. " * 2000
    accompagnee.save()
    connecter("agent@ddt.demo")
    lien = preparer(client, accompagnee, demarche)["Location"]
    (description,) = parse_qs(urlsplit(lien).query)["champ_Q2hhbXAtMTI1"]
    assert len(description) == preremplissage.LONGUEUR_MAX_VALEUR
    assert description.endswith("…")
    assert len(lien) < 8000


def test_l_identifiant_s_ecrit_avec_ou_sans_champ_et_est_verifie(demarche):
    correspondance = CorrespondanceChamp(
        demarche=demarche, champ_demande="reference", identifiant_ds=" champ_Q2hhbXAtOTk= "
    )
    correspondance.full_clean()
    assert correspondance.identifiant_ds == "Q2hhbXAtOTk="
    with pytest.raises(ValidationError) as erreur:
        CorrespondanceChamp(
            demarche=demarche, champ_demande="titre", identifiant_ds="champ_<script>"
        ).full_clean()
    assert "identifiant_ds" in erreur.value.message_dict
