"""Muting a demande: no more email about it, its notifications still in the guichet."""

import pytest
from django.core import mail

from demandes import services as demandes
from demandes.models import Sourdine
from guichet.notifications.models import Notification, StatutEnvoi

pytestmark = pytest.mark.django_db


def test_une_demande_en_sourdine_n_envoie_plus_de_courriel(
    client, connecter, en_instruction_delle, comptes, django_capture_on_commit_callbacks
):
    connecter("maire@delle.demo")
    page = client.post(
        f"/notifications/sourdine/{en_instruction_delle.pk}/", {"en_sourdine": "1"}, follow=True
    ).content.decode()
    assert "Vous ne recevrez plus de courriel pour cette demande" in page
    assert "Recevoir de nouveau les courriels de cette demande" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        demandes.envoyer_message(
            demande=en_instruction_delle, par=comptes["agent@ddt.demo"], texte="Bonjour"
        )
    assert mail.outbox == []
    notification = Notification.objects.get(evenement="message")
    assert notification.statut == StatutEnvoi.SANS_COURRIEL
    assert "Bonjour" in client.get("/notifications/").content.decode()


def test_on_ne_met_en_sourdine_que_ce_qu_on_voit(client, connecter, deposee_delle):
    connecter("maire@belfort.demo")
    assert client.post(f"/notifications/sourdine/{deposee_delle.pk}/").status_code == 404


def test_deux_clics_sur_la_sourdine_laissent_la_demande_en_sourdine(
    client, connecter, comptes, deposee_delle
):
    connecter("maire@delle.demo")
    url = f"/notifications/sourdine/{deposee_delle.pk}/"
    page = client.get(f"/demandes/{deposee_delle.pk}/").content.decode()
    assert '<input type="hidden" name="en_sourdine" value="1">' in page
    for _ in range(2):
        assert client.post(url, {"en_sourdine": "1"}).status_code == 302
    maire = comptes["maire@delle.demo"]
    assert Sourdine.objects.filter(user=maire, demande=deposee_delle).count() == 1
    page = client.get(f"/demandes/{deposee_delle.pk}/").content.decode()
    assert '<input type="hidden" name="en_sourdine" value="0">' in page
    for _ in range(2):
        reponse = client.post(url, {"en_sourdine": "0"}, follow=True)
        assert "Vous recevrez de nouveau les courriels de cette demande." in (
            reponse.content.decode()
        )
    assert not Sourdine.objects.filter(user=maire, demande=deposee_delle).exists()


def test_reactiver_les_courriels_depuis_les_preferences(client, connecter, comptes, deposee_delle):
    connecter("maire@delle.demo")
    client.post(f"/notifications/sourdine/{deposee_delle.pk}/", {"en_sourdine": "1"})
    page = client.get("/notifications/preferences/").content.decode()
    assert f'<a href="/demandes/{deposee_delle.pk}/">{deposee_delle}</a>' in page
    assert f'action="/notifications/sourdine/{deposee_delle.pk}/"' in page
    assert '<input type="hidden" name="en_sourdine" value="0">' in page
    client.post(f"/notifications/sourdine/{deposee_delle.pk}/", {"en_sourdine": "0"})
    assert not Sourdine.objects.exists()
    page = client.get("/notifications/preferences/").content.decode()
    assert "Aucune. Depuis la page d'une demande" in page
