import datetime
import json

import pytest
from django.utils import timezone

from demandes import conservation, services
from demandes.models import Demande, Statut
from guichet.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_exporter_ses_donnees(client, connecter, en_instruction_delle, comptes):
    services.envoyer_message(
        demande=en_instruction_delle, par=comptes["maire@delle.demo"], texte="Mon message"
    )
    services.envoyer_message(
        demande=en_instruction_delle, par=comptes["agent@ddt.demo"], texte="Celui de la DDT"
    )
    connecter("maire@delle.demo")
    assert "Télécharger mes données" in client.get("/comptes/mes-donnees/").content.decode()
    reponse = client.get("/comptes/mes-donnees.json")
    assert reponse["Content-Disposition"].startswith("attachment;")
    donnees = json.loads(reponse.content)
    assert list(donnees) == [
        "compte",
        "rattachements",
        "demandes_acces",
        "demandes_deposees",
        "messages",
        "notifications",
    ]
    assert donnees["compte"]["email"] == "maire@delle.demo"
    assert [m["texte"] for m in donnees["messages"]] == ["Mon message"]
    assert donnees["demandes_deposees"][0]["reference"] == en_instruction_delle.reference
    assert donnees["rattachements"] == [{"organisation": "Delle", "fonction": "Maire"}]


def test_desactiver_son_compte_garde_l_historique(client, connecter, en_instruction_delle, comptes):
    services.envoyer_message(
        demande=en_instruction_delle, par=comptes["maire@delle.demo"], texte="Bonjour"
    )
    connecter("maire@delle.demo")
    page = client.post("/comptes/desactiver/", follow=True).content.decode()
    assert "Votre compte est désactivé" in page
    assert "_auth_user_id" not in client.session
    refus = client.post(
        "/comptes/connexion/", {"username": "maire@delle.demo", "password": "demo-guichet-90"}
    )
    assert refus.status_code == 200
    connecter("agent@ddt.demo")
    detail = client.get(f"/demandes/{en_instruction_delle.pk}/").content.decode()
    assert "Louis Bernard" in detail and "Bonjour" in detail


@pytest.fixture
def close_depuis_longtemps(en_instruction_delle, comptes, pdf):
    services.ajouter_documents(
        demande=en_instruction_delle, par=comptes["maire@delle.demo"], fichiers=[pdf()]
    )
    demande = services.classer_demande(
        demande=en_instruction_delle, par=comptes["agent@ddt.demo"], version=None, motif="Abandon"
    )
    Demande.objects.filter(pk=demande.pk).update(
        date_classement=timezone.now() - datetime.timedelta(days=30 * 61)
    )
    return demande


def test_la_collectivite_est_avertie_puis_les_donnees_sont_purgees(
    close_depuis_longtemps, settings, django_capture_on_commit_callbacks
):
    demande = close_depuis_longtemps
    fichiers = [settings.MEDIA_ROOT / "pieces" / p.fichier.name for p in demande.pieces.all()]
    assert all(f.is_file() for f in fichiers) and fichiers
    assert conservation.purger() == 0, "rien n'est purgé sans avertissement"
    assert conservation.avertir() == 1
    assert conservation.avertir() == 0, "un seul avertissement"
    avis = Notification.objects.get(
        evenement="purge_annoncee", destinataire__email="maire@delle.demo"
    )
    assert "seront effacés" in avis.corps
    assert conservation.purger() == 0, "pas avant la fin du préavis"
    plus_tard = timezone.now() + datetime.timedelta(days=settings.PREAVIS_JOURS + 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert conservation.purger(plus_tard) == 1
    demande = Demande.objects.get(pk=demande.pk)
    assert (demande.description, demande.contact_email, demande.pieces.count()) == (
        "[purgé]",
        "",
        0,
    )
    assert demande.statut == Statut.CLASSEE_SANS_SUITE and demande.reference
    assert not any(f.exists() for f in fichiers)
    assert demande.evenements.last().libelle.startswith("Données personnelles et documents effacés")


def test_une_demande_recente_n_est_pas_concernee(en_instruction_delle):
    assert conservation.avertir() == 0
