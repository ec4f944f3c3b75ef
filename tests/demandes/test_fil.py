import pytest

from demandes import services
from guichet.notifications.models import Notification

from .conftest import lignes_de_l_historique

pytestmark = pytest.mark.django_db


def test_la_collectivite_ecrit_au_referent(client, connecter, en_instruction_delle):
    connecter("maire@delle.demo")
    reponse = client.post(
        f"/demandes/{en_instruction_delle.pk}/messages/", {"texte": "Où en est-on ?"}
    )
    assert reponse["Location"] == f"/demandes/{en_instruction_delle.pk}/#fil"
    assert "Où en est-on ?" in client.get(f"/demandes/{en_instruction_delle.pk}/").content.decode()
    notification = Notification.objects.get(evenement="message")
    assert notification.destinataire.email == "agent@ddt.demo"


def test_une_note_interne_n_est_jamais_montree_a_la_collectivite(
    client, connecter, en_instruction_delle, comptes
):
    services.envoyer_message(
        demande=en_instruction_delle,
        par=comptes["agent@ddt.demo"],
        texte="Dossier fragile",
        interne=True,
    )
    connecter("agent@ddt.demo")
    assert "Dossier fragile" in client.get(f"/demandes/{en_instruction_delle.pk}/").content.decode()
    client.post("/comptes/deconnexion/")
    connecter("maire@delle.demo")
    page = client.get(f"/demandes/{en_instruction_delle.pk}/").content.decode()
    assert "Dossier fragile" not in page
    assert "Note interne" not in page
    assert not Notification.objects.filter(
        destinataire__email="maire@delle.demo", evenement="message"
    ).exists()


def test_une_collectivite_ne_peut_pas_forger_une_note_interne(
    client, connecter, en_instruction_delle
):
    connecter("maire@delle.demo")
    assert (
        'name="interne"' not in client.get(f"/demandes/{en_instruction_delle.pk}/").content.decode()
    )
    client.post(
        f"/demandes/{en_instruction_delle.pk}/messages/", {"texte": "Coucou", "interne": "on"}
    )
    assert en_instruction_delle.messages.get().interne is False


def test_un_message_vide_est_refuse_en_francais(client, connecter, en_instruction_delle):
    connecter("maire@delle.demo")
    reponse = client.post(f"/demandes/{en_instruction_delle.pk}/messages/", {"texte": "   "})
    assert reponse.status_code == 400
    assert "Écrivez un message." in reponse.content.decode()
    assert not en_instruction_delle.messages.exists()


def test_l_historique_montre_qui_a_fait_quoi_et_quand(client, connecter, en_instruction_delle):
    connecter("maire@delle.demo")
    page = client.get(f"/demandes/{en_instruction_delle.pk}/").content.decode()
    assert [ligne.split(" ", 5)[5] for ligne in lignes_de_l_historique(page)] == [
        "Brouillon créé par Louis Bernard (Delle) — Document joint : note.pdf",
        "Demande déposée par Louis Bernard (Delle)",
        "Demande prise en charge par Julien Petit (DDT) — Référent : Julien Petit",
    ]
