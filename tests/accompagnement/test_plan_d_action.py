"""Who edits a supported demande's action plan, through its pages."""

import pytest

from accompagnement.models import Action, EtatAction
from demandes.models import Evenement
from guichet.notifications.models import Notification
from guichet.territoire.models import Operateur
from tests.demandes.conftest import lignes_de_l_historique

from .conftest import ajouter, dans_un_mois

pytestmark = pytest.mark.django_db


def poster_action(client, demande, **champs):
    donnees = {
        "libelle": "Lancer la consultation des entreprises",
        "porteur": "collectivite",
        "echeance": dans_un_mois().isoformat(),
        "etat": "a_faire",
        **champs,
    }
    return client.post(f"/demandes/{demande.pk}/plan-d-action/", donnees)


def test_la_collectivite_ajoute_une_action_qu_elle_porte(client, connecter, comptes, accompagnee):
    connecter("maire@delle.demo")
    reponse = poster_action(client, accompagnee)
    assert reponse.status_code == 302
    action = Action.objects.get()
    assert (action.porteur, action.etat, action.cree_par) == (
        "collectivite",
        "a_faire",
        comptes["maire@delle.demo"],
    )
    page = client.get(accompagnee.get_absolute_url()).content.decode()
    assert "Lancer la consultation des entreprises" in page
    assert any(
        "Action ajoutée au plan d'action : « Lancer la consultation des entreprises »" in ligne
        for ligne in lignes_de_l_historique(page)
    )
    # The State following it and the operators who work on it are told; not the author.
    destinataires = set(
        Notification.objects.filter(evenement="plan_d_action").values_list(
            "destinataire__email", flat=True
        )
    )
    assert "agent@ddt.demo" in destinataires and "contact@cerema.demo" in destinataires
    assert "maire@delle.demo" not in destinataires


def test_la_collectivite_ne_confie_pas_une_action_a_l_etat(client, connecter, accompagnee):
    connecter("maire@delle.demo")
    reponse = poster_action(client, accompagnee, porteur="etat")
    assert reponse.status_code == 400
    assert "porteur" in reponse.context["form"].errors
    assert not Action.objects.exists()


def test_un_operateur_oriente_ajoute_ses_actions_mais_pas_celles_de_la_collectivite(
    client, connecter, comptes, accompagnee
):
    cerema = Operateur.objects.get(slug="cerema")
    connecter("contact@cerema.demo")
    assert poster_action(client, accompagnee, porteur=f"operateur-{cerema.pk}").status_code == 302
    assert poster_action(client, accompagnee, porteur="collectivite").status_code == 400
    de_la_collectivite = ajouter(comptes, accompagnee)
    reponse = client.get(f"/demandes/{accompagnee.pk}/plan-d-action/{de_la_collectivite.pk}/")
    assert reponse.status_code == 403
    sienne = Action.objects.get(operateur=cerema)
    reponse = client.post(
        f"/demandes/{accompagnee.pk}/plan-d-action/{sienne.pk}/",
        {
            "libelle": sienne.libelle,
            "porteur": f"operateur-{cerema.pk}",
            "echeance": sienne.echeance.isoformat(),
            "etat": "en_cours",
            "version": sienne.version,
        },
    )
    assert reponse.status_code == 302
    sienne.refresh_from_db()
    assert sienne.etat == EtatAction.EN_COURS
    assert Evenement.objects.filter(libelle__endswith=": en cours").exists()


def test_l_etat_modifie_toute_action_et_la_confie_a_qui_il_veut(
    client, connecter, comptes, accompagnee
):
    action = ajouter(comptes, accompagnee, email="maire@delle.demo")
    connecter("agent@ddt.demo")
    reponse = client.post(
        f"/demandes/{accompagnee.pk}/plan-d-action/{action.pk}/",
        {
            "libelle": action.libelle,
            "porteur": "etat",
            "echeance": action.echeance.isoformat(),
            "etat": "bloquee",
            "commentaire": "En attente de l'arrêté",
            "version": action.version,
        },
    )
    assert reponse.status_code == 302
    action.refresh_from_db()
    assert (action.porteur, action.etat, action.version) == ("etat", "bloquee", 2)


def test_une_action_modifiee_entre_temps_n_est_pas_ecrasee(client, connecter, comptes, accompagnee):
    action = ajouter(comptes, accompagnee, email="maire@delle.demo")
    connecter("maire@delle.demo")
    donnees = {
        "libelle": action.libelle,
        "porteur": "collectivite",
        "echeance": action.echeance.isoformat(),
        "etat": "faite",
        "version": action.version,
    }
    url = f"/demandes/{accompagnee.pk}/plan-d-action/{action.pk}/"
    assert client.post(url, donnees).status_code == 302
    reponse = client.post(url, {**donnees, "etat": "abandonnee"})
    assert reponse.status_code == 400
    assert "modifiée entre-temps" in reponse.content.decode()
    action.refresh_from_db()
    assert action.etat == "faite"


def test_les_erreurs_du_plan_sont_dites_a_cote_des_champs(client, connecter, accompagnee):
    connecter("maire@delle.demo")
    reponse = poster_action(client, accompagnee, libelle="", echeance="31/02/2027")
    assert reponse.status_code == 400
    erreurs = reponse.context["form"].errors
    assert erreurs["libelle"] == ["Décrivez l'action."]
    assert erreurs["echeance"] == ["Indiquez une date valide, par exemple 31/03/2027."]
    reponse = poster_action(client, accompagnee, echeance="2001-01-01")
    assert reponse.status_code == 400
    assert reponse.context["form"].errors["echeance"] == [
        "L'échéance est passée : choisissez une date à venir."
    ]


def test_une_autre_commune_et_un_operateur_non_oriente_ne_voient_pas_le_plan(
    client, connecter, comptes, accompagnee, comite
):
    connecter("maire@belfort.demo")
    assert poster_action(client, accompagnee).status_code == 404
    client.logout()
    connecter("contact@ademe.demo")
    assert poster_action(client, accompagnee).status_code == 404


def test_le_plan_est_fige_une_fois_la_demande_cloturee(client, connecter, comptes, accompagnee):
    from accompagnement import services

    ajouter(comptes, accompagnee)
    services.cloturer(
        demande=accompagnee, par=comptes["agent@ddt.demo"], version=None, issue="realise"
    )
    connecter("maire@delle.demo")
    reponse = poster_action(client, accompagnee)
    assert reponse.status_code == 302
    assert Action.objects.count() == 1
    page = client.get(accompagnee.get_absolute_url()).content.decode()
    assert "Plan d'action" in page and "Ajouter une action" not in page


def test_la_page_de_la_demande_ne_propose_d_ajouter_qu_a_qui_peut(
    client, connecter, comptes, accompagnee
):
    ajouter(comptes, accompagnee)
    connecter("contact@anah.demo")  # routed, silent: still works on it
    page = client.get(accompagnee.get_absolute_url()).content.decode()
    assert "Ajouter une action" in page
    assert "Modifier<span" not in page  # the collectivité's action is not Anah's
    client.logout()
    connecter("agent@ddt.demo")
    page = client.get(accompagnee.get_absolute_url()).content.decode()
    assert "Modifier<span" in page


def test_le_plan_d_action_se_lit_dans_le_releve_de_decisions_du_comite(client, connecter, demo):
    import io

    from pypdf import PdfReader

    from comite.models import PointOrdreDuJour

    # The demo's supported demande, decided at the last séance, has a plan of three actions.
    point = PointOrdreDuJour.objects.get(
        demande__titre="Renouvellement urbain du quartier des Résidences"
    )
    connecter("prefet@prefecture.demo")
    reponse = client.get(f"/comite/seances/{point.seance_id}/releve-de-decisions.pdf")
    assert reponse.status_code == 200
    contenu = b"".join(reponse.streaming_content) if reponse.streaming else reponse.content
    texte = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(contenu)).pages
    )
    assert "Plan d'action" in texte
    libelles = list(point.demande.actions_du_plan.values_list("libelle", flat=True))
    assert len(libelles) == 3
    for libelle in libelles:
        assert libelle in texte
