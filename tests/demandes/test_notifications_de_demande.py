"""A demande's notifications point to it without the outbox knowing demandes, and go with it."""

import pytest

from demandes.models import Demande
from demandes.notifications import notifier
from guichet.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_les_notifications_du_depot_designent_la_demande(deposee_delle):
    deposees = Notification.objects.filter(evenement="demande_deposee")
    assert deposees.count() == 2  # the préfet and the DDT
    assert {notification.objet for notification in deposees} == {deposee_delle}
    assert set(deposee_delle.notifications.all()) == set(
        Notification.objects.filter(lien=deposee_delle.get_absolute_url())
    )


def test_supprimer_un_brouillon_supprime_ses_notifications(
    client, connecter, comptes, brouillon_delle
):
    notifier(
        destinataires=[comptes["maire@delle.demo"]],
        evenement="rappel",
        cle=f"rappel:{brouillon_delle.pk}",
        sujet="Votre brouillon",
        corps="Pensez à le déposer.",
        lien=brouillon_delle.get_absolute_url(),
        demande=brouillon_delle,
    )
    autre = Notification.objects.create(
        destinataire=comptes["maire@delle.demo"], cle="autre", sujet="Autre", corps="…"
    )
    connecter("maire@delle.demo")
    client.post(f"/demandes/{brouillon_delle.pk}/supprimer/")
    assert not Demande.objects.filter(pk=brouillon_delle.pk).exists()
    assert list(Notification.objects.all()) == [autre]
