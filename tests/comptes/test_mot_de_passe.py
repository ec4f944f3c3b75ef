import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


def test_mot_de_passe_oublie_de_bout_en_bout(client, demo):
    reponse = client.post("/comptes/mot-de-passe/oublie/", {"email": "Maire@Delle.demo"})
    assert reponse.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maire@delle.demo"]
    assert message.subject == "[Guichet unique] Choisir un nouveau mot de passe"
    assert message.alternatives, "une version HTML accompagne le texte"
    lien = re.search(r"http://testserver(/comptes/mot-de-passe/nouveau/\S+/)", message.body).group(
        1
    )

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


def test_une_adresse_inconnue_ne_revele_rien_et_n_envoie_rien(client, demo):
    reponse = client.post("/comptes/mot-de-passe/oublie/", {"email": "inconnu@exemple.fr"})
    assert reponse.status_code == 302
    assert reponse["Location"] == "/comptes/mot-de-passe/oublie/envoye/"
    assert mail.outbox == []


def test_un_lien_invalide_est_explique(client, demo):
    page = client.get("/comptes/mot-de-passe/nouveau/MQ/mauvais-jeton/").content.decode()
    assert "Lien invalide ou expiré" in page


def test_un_mot_de_passe_trop_faible_est_refuse_en_francais(client, connecter, demo):
    connecter("maire@delle.demo")
    reponse = client.post(
        "/comptes/mot-de-passe/",
        {"old_password": "demo-guichet-90", "new_password1": "123", "new_password2": "123"},
    )
    assert reponse.status_code == 200
    assert "Ce mot de passe est trop court" in reponse.content.decode()
