import pytest

from guichet.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_le_centre_liste_les_non_lues_d_abord_avec_un_compteur(
    client, connecter, deposee_delle, comptes
):
    prefet = comptes["prefet@prefecture.demo"]
    ancienne = Notification.objects.get(destinataire=prefet)
    ancienne.date_lecture = ancienne.date_creation
    ancienne.save()
    from demandes import services

    services.envoyer_message(
        demande=deposee_delle, par=comptes["maire@delle.demo"], texte="Une question"
    )
    connecter("prefet@prefecture.demo")
    page = client.get("/notifications/").content.decode()
    assert page.index("Nouveau message de Louis Bernard") < page.index(
        "Nouvelle demande de la commune"
    )
    assert '1<span class="fr-sr-only"> non lue</span>' in page


def test_ouvrir_marque_lue_et_mene_a_la_demande(client, connecter, deposee_delle):
    notification = Notification.objects.get(destinataire__email="prefet@prefecture.demo")
    connecter("prefet@prefecture.demo")
    reponse = client.post(f"/notifications/{notification.pk}/ouvrir/")
    assert reponse["Location"] == f"/demandes/{deposee_delle.pk}/"
    notification.refresh_from_db()
    assert notification.date_lecture is not None


def test_tout_marquer_lu(client, connecter, deposee_delle):
    connecter("maire@delle.demo")
    page = client.post("/notifications/tout-lu/", follow=True).content.decode()
    assert "1 notification marquée comme lue" in page
    assert (
        not Notification.objects.filter(destinataire__email="maire@delle.demo").non_lues().exists()
    )


def test_la_notification_d_un_autre_est_introuvable(client, connecter, deposee_delle):
    notification = Notification.objects.get(destinataire__email="prefet@prefecture.demo")
    connecter("agent@ddt.demo")
    assert client.post(f"/notifications/{notification.pk}/ouvrir/").status_code == 404
    assert client.post(f"/notifications/{notification.pk}/lue/").status_code == 404
    assert (
        f"/notifications/{notification.pk}/" not in client.get("/notifications/").content.decode()
    )


def test_un_lien_externe_ne_redirige_pas_hors_du_site(client, connecter, deposee_delle):
    notification = Notification.objects.get(destinataire__email="prefet@prefecture.demo")
    notification.lien = "https://evil.example/"
    notification.save()
    connecter("prefet@prefecture.demo")
    assert client.post(f"/notifications/{notification.pk}/ouvrir/")["Location"] == "/notifications/"


def test_choisir_un_recapitulatif_hebdomadaire(client, connecter, comptes):
    connecter("agent@ddt.demo")
    reponse = client.post("/notifications/preferences/", {"frequence": "hebdomadaire"}, follow=True)
    assert "Préférences enregistrées." in reponse.content.decode()
    assert comptes["agent@ddt.demo"].preference_notifications.frequence == "hebdomadaire"
    erreur = client.post("/notifications/preferences/", {"frequence": "chaque-seconde"})
    assert "Sélectionnez un choix valide" in erreur.content.decode()


def test_le_centre_demande_une_connexion(client, db):
    assert client.get("/notifications/")["Location"].startswith("/comptes/connexion/")
