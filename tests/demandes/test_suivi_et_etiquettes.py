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


@pytest.mark.parametrize("valeur", ["abc", "²", "\u0661", "1.5", "\x00", "9" * 30, ""])
def test_etiqueter_avec_une_etiquette_qui_n_en_est_pas_une_est_introuvable(
    client, connecter, deposee_delle, valeur
):
    connecter("agent@ddt.demo")

    reponse = client.post(f"/demandes/{deposee_delle.pk}/etiqueter/", {"etiquette": valeur})

    assert reponse.status_code == 404
    assert not deposee_delle.etiquettes.exists()
