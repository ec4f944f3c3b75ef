import pytest
from django.utils import timezone

from guichet.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_le_compteur_de_l_en_tete_suit_les_lectures(client, connecter, comptes):
    prefet = comptes["prefet@prefecture.demo"]
    Notification.objects.filter(destinataire=prefet).delete()
    for cle in ("a", "b"):
        Notification.objects.create(destinataire=prefet, cle=cle, sujet=cle, corps="…")
    connecter("prefet@prefecture.demo")
    assert '2<span class="fr-sr-only"> non lues</span>' in client.get("/").content.decode()
    Notification.objects.filter(destinataire=prefet, cle="a").update(date_lecture=timezone.now())
    assert '1<span class="fr-sr-only"> non lue</span>' in client.get("/").content.decode()
    Notification.objects.filter(destinataire=prefet).update(date_lecture=timezone.now())
    assert "non lue" not in client.get("/").content.decode()
