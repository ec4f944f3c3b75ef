"""Following a demande and labelling it from its own page (State staff only)."""

import pytest

from demandes.models import Etiquette, Suivi

pytestmark = pytest.mark.django_db


def test_suivre_et_etiqueter_depuis_la_page_de_la_demande(
    client, connecter, deposee_delle, comptes
):
    demande = deposee_delle
    urgent = Etiquette.objects.get(nom="Urgent")
    connecter("agent@ddt.demo")
    page = client.get(f"/demandes/{demande.pk}/").content.decode()
    assert "Suivre cette demande" in page and 'aria-pressed="false">Urgent' in page
    client.post(f"/demandes/{demande.pk}/suivre/", {"suivie": "1"})
    client.post(f"/demandes/{demande.pk}/etiqueter/", {"etiquette": urgent.pk, "retirer": "0"})
    page = client.get(f"/demandes/{demande.pk}/").content.decode()
    assert "Ne plus suivre" in page and 'aria-pressed="true">Urgent' in page
    assert Suivi.objects.get(user=comptes["agent@ddt.demo"], demande=demande).suivie
    assert (
        client.post(f"/demandes/{demande.pk}/etiqueter/", {"etiquette": 999999}).status_code == 404
    )
    client.post("/comptes/deconnexion/")
    connecter("maire@delle.demo")
    assert client.post(f"/demandes/{demande.pk}/suivre/", {"suivie": "1"}).status_code == 403
    assert "Suivre cette demande" not in client.get(f"/demandes/{demande.pk}/").content.decode()
