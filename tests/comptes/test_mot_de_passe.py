import re

import pytest
from django.core import mail

from guichet.notifications.models import Frequence, Notification, StatutEnvoi
from guichet.notifications.services import choisir_frequence

pytestmark = pytest.mark.django_db


def demander(client, email, depuis="127.0.0.1"):
    return client.post("/comptes/mot-de-passe/oublie/", {"email": email}, REMOTE_ADDR=depuis)


def test_mot_de_passe_oublie_de_bout_en_bout(
    client, comptes, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://guichet.exemple.gouv.fr"
    with django_capture_on_commit_callbacks(execute=True):
        reponse = demander(client, "Maire@Delle.demo")
    assert reponse.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maire@delle.demo"]
    assert message.subject == "[Guichet unique] Choisir un nouveau mot de passe"
    assert "Une demande de nouveau mot de passe a été faite pour le compte" in message.body
    assert message.alternatives, "une version HTML accompagne le texte"
    lien = re.search(
        r"https://guichet\.exemple\.gouv\.fr(/comptes/mot-de-passe/nouveau/\S+/)", message.body
    ).group(1)

    formulaire = client.get(lien, follow=True)
    assert "Choisir un nouveau mot de passe" in formulaire.content.decode()
    nouveau = "un-nouveau-mot-de-passe-solide"
    fin = client.post(
        formulaire.redirect_chain[-1][0],
        {"new_password1": nouveau, "new_password2": nouveau},
    )
    assert fin.status_code == 302
    assert (
        client.post(
            "/comptes/connexion/", {"username": "maire@delle.demo", "password": nouveau}
        ).status_code
        == 302
    )


def test_une_adresse_inconnue_ne_revele_rien_et_n_envoie_rien(
    client, comptes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reponse = demander(client, "inconnu@exemple.fr")
    assert reponse.status_code == 302
    assert reponse["Location"] == "/comptes/mot-de-passe/oublie/envoye/"
    assert mail.outbox == []


def test_le_courriel_part_de_la_file_des_notifications_sans_que_le_lien_y_soit_garde(
    client, connecter, comptes, django_capture_on_commit_callbacks
):
    """The request writes an outbox row and leaves: the mail server is the worker's business,
    so an existing address does not make the answer slower. The row never holds the link (the
    admin lists the outbox); it tells the person, in their notification centre."""
    with django_capture_on_commit_callbacks() as apres_la_requete:
        reponse = demander(client, "maire@delle.demo")
    assert reponse.status_code == 302
    assert mail.outbox == [], "rien n'est envoyé pendant la requête"
    notification = Notification.objects.get(evenement="reinitialisation_mot_de_passe")
    assert notification.destinataire.email == "maire@delle.demo"
    assert notification.statut == StatutEnvoi.A_ENVOYER
    for rappel in apres_la_requete:
        rappel()
    notification.refresh_from_db()
    assert notification.statut == StatutEnvoi.ENVOYEE
    lien = re.search(r"/comptes/mot-de-passe/nouveau/\S+/", mail.outbox[0].body).group(0)
    assert lien not in notification.corps + notification.lien
    connecter("maire@delle.demo")
    centre = client.get("/notifications/").content.decode()
    assert "Une demande de nouveau mot de passe a été faite pour votre compte" in centre


def test_le_courriel_part_meme_pour_qui_a_choisi_un_recapitulatif(
    client, comptes, django_capture_on_commit_callbacks
):
    choisir_frequence(user=comptes["maire@delle.demo"], frequence=Frequence.HEBDOMADAIRE)
    with django_capture_on_commit_callbacks(execute=True):
        demander(client, "maire@delle.demo")
    assert len(mail.outbox) == 1


def test_au_dela_de_trois_demandes_par_heure_pour_une_adresse_plus_rien_ne_part(
    client, comptes, settings, django_capture_on_commit_callbacks
):
    assert settings.REINITIALISATIONS_PAR_ADRESSE == 3
    for numero in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            reponse = demander(client, "maire@delle.demo", depuis=f"192.0.2.{numero}")
        assert reponse.status_code == 302
    assert len(mail.outbox) == 3

    with django_capture_on_commit_callbacks(execute=True):
        connue = demander(client, "Maire@Delle.demo", depuis="192.0.2.50")
    assert len(mail.outbox) == 3, "la quatrième demande n'envoie rien"
    for numero in range(3):
        demander(client, "inconnu@exemple.fr", depuis=f"192.0.2.{numero}")
    inconnue = demander(client, "inconnu@exemple.fr", depuis="192.0.2.50")

    assert connue.status_code == inconnue.status_code == 429
    for reponse in (connue, inconnue):
        assert (
            "Trop de demandes de nouveau mot de passe pour cette adresse ou depuis votre "
            "connexion internet" in reponse.content.decode()
        )
    assert sans_nonce(connue) == sans_nonce(inconnue), "rien ne dit si l'adresse a un compte"


def test_une_meme_connexion_ne_demande_pas_plus_de_dix_liens_par_heure(
    client, comptes, settings, django_capture_on_commit_callbacks
):
    assert settings.REINITIALISATIONS_PAR_IP == 10
    for numero in range(10):
        assert demander(client, f"personne{numero}@exemple.fr").status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        refusee = demander(client, "maire@delle.demo")
    assert refusee.status_code == 429
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        ailleurs = demander(client, "maire@delle.demo", depuis="192.0.2.99")
    assert ailleurs.status_code == 302
    assert len(mail.outbox) == 1


def test_la_reponse_est_la_meme_pour_une_adresse_connue_ou_inconnue(
    client, comptes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        connue = demander(client, "maire@delle.demo")
        inconnue = demander(client, "inconnu@exemple.fr")
    assert (connue.status_code, connue["Location"], connue.content) == (
        inconnue.status_code,
        inconnue["Location"],
        inconnue.content,
    )
    assert sans_nonce(client.get(connue["Location"])) == sans_nonce(
        client.get(inconnue["Location"])
    )


def sans_nonce(reponse):
    return re.sub(r'nonce="[^"]*"', "", reponse.content.decode())


def test_un_lien_invalide_est_explique(client, comptes):
    page = client.get("/comptes/mot-de-passe/nouveau/MQ/mauvais-jeton/").content.decode()
    assert "Lien invalide ou expiré" in page


def test_un_mot_de_passe_trop_faible_est_refuse_en_francais(client, connecter, comptes):
    connecter("maire@delle.demo")
    reponse = client.post(
        "/comptes/mot-de-passe/",
        {"old_password": "demo-guichet-90", "new_password1": "123", "new_password2": "123"},
    )
    assert reponse.status_code == 200
    assert "Ce mot de passe est trop court" in reponse.content.decode()
