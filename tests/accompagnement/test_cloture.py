"""Closing with the outcome (the State) and the satisfaction (the collectivité), by HTTP."""

import pytest

from accompagnement.models import Cloture
from demandes.models import Statut
from guichet.notifications.models import Notification
from tests.demandes.conftest import creer, recharger

pytestmark = pytest.mark.django_db


def cloturer(client, demande, **champs):
    donnees = {"issue": "realise", "version": demande.version, **champs}
    return client.post(f"/demandes/{demande.pk}/cloturer/", donnees)


def test_l_etat_cloture_avec_l_issue_et_le_financement(client, connecter, accompagnee):
    connecter("agent@ddt.demo")
    assert client.get(f"/demandes/{accompagnee.pk}/cloturer/").status_code == 200
    reponse = cloturer(
        client, accompagnee, montant_obtenu="120000", financeurs="DETR, Région", commentaire="Bravo"
    )
    assert reponse.status_code == 302
    demande = recharger(accompagnee)
    assert demande.statut == Statut.CLOTUREE
    cloture = Cloture.objects.get(demande=demande)
    assert (cloture.issue, cloture.montant_obtenu, cloture.financeurs) == (
        "realise",
        120000,
        "DETR, Région",
    )
    page = client.get(demande.get_absolute_url()).content.decode()
    section = page[page.index('id="cloture"') :]
    assert "Projet réalisé" in section
    assert "120 000 € (DETR, Région)" in " ".join(section.split()).replace("\u202f", " ")
    # The collectivité is told, and invited to give its satisfaction.
    avis = Notification.objects.get(evenement="cloturee", destinataire__email="maire@delle.demo")
    assert f"/demandes/{demande.pk}/satisfaction/" in avis.corps
    assert "Issue : Projet réalisé" in avis.corps


def test_la_cloture_dit_ses_erreurs_a_cote_des_champs(client, connecter, accompagnee):
    connecter("agent@ddt.demo")
    reponse = cloturer(client, accompagnee, issue="")
    assert reponse.status_code == 400
    assert reponse.context["form"].errors["issue"] == ["Choisissez l'issue du projet."]
    reponse = cloturer(client, accompagnee, montant_obtenu="-5")
    assert reponse.context["form"].errors["montant_obtenu"] == [
        "Le montant obtenu ne peut pas être négatif."
    ]
    reponse = cloturer(client, accompagnee, montant_obtenu="5000")
    assert reponse.status_code == 400
    assert reponse.context["form"].errors["financeurs"] == [
        "Indiquez qui a financé le projet (par exemple : DETR, Région)."
    ]
    assert recharger(accompagnee).statut == Statut.ACCOMPAGNEE


def test_la_cloture_reste_verifiee_par_le_workflow_et_la_version(
    client, connecter, comptes, accompagnee
):
    deposee = creer(comptes, titre="Une autre demande")
    connecter("agent@ddt.demo")
    autre = client.post(f"/demandes/{accompagnee.pk}/cloturer/", {"issue": "realise", "version": 1})
    assert autre.status_code == 400
    assert "modifiée entre-temps" in autre.content.decode()
    # Only a supported (or routed) demande closes; a filed one is refused, in words.
    reponse = cloturer(client, deposee)
    assert reponse.status_code == 400
    assert reponse.context["form"].non_field_errors() == [
        "Action « Clôturer » impossible : la demande est « Déposée »."
    ]
    assert not Cloture.objects.exists()


def test_seul_l_etat_cloture(client, connecter, accompagnee):
    connecter("maire@delle.demo")
    assert cloturer(client, accompagnee).status_code == 403
    client.logout()
    connecter("contact@cerema.demo")
    assert cloturer(client, accompagnee).status_code == 403
    assert recharger(accompagnee).statut == Statut.ACCOMPAGNEE


def test_la_collectivite_donne_sa_satisfaction_apres_la_cloture(
    client, connecter, comptes, accompagnee
):
    connecter("maire@delle.demo")
    url = f"/demandes/{accompagnee.pk}/satisfaction/"
    assert client.get(url).status_code == 302  # not closed yet
    client.logout()
    connecter("agent@ddt.demo")
    cloturer(client, accompagnee)
    assert client.get(url).status_code == 403  # the State does not mark its own support
    client.logout()
    connecter("maire@delle.demo")
    reponse = client.post(url, {"satisfaction": "7"})
    assert reponse.status_code == 400
    assert reponse.context["form"].errors["satisfaction"] == ["Choisissez une note de 1 à 5."]
    reponse = client.post(url, {"satisfaction": "4", "commentaire": "Réactifs"})
    assert reponse.status_code == 302
    cloture = Cloture.objects.get()
    assert (cloture.satisfaction, cloture.commentaire_satisfaction) == (4, "Réactifs")
    page = client.get(accompagnee.get_absolute_url()).content.decode()
    assert "4 sur 5" in page and "Satisfaction donnée par la collectivité : 4 sur 5" in page
    assert Notification.objects.filter(
        evenement="satisfaction", destinataire__email="agent@ddt.demo"
    ).exists()
