"""Once the State has closed a demande, its operators' answers are frozen, whatever they POST."""

import pytest

from demandes import services as demandes
from operateurs import services
from operateurs.models import Orientation, StatutOrientation

pytestmark = pytest.mark.django_db


def _classer(comptes, demande):
    return demandes.classer_demande(
        demande=demande, par=comptes["agent@ddt.demo"], version=None, motif="Projet abandonné"
    )


def test_on_n_accepte_pas_une_demande_classee(client, connecter, comptes, orientee_cerema):
    demande, orientation = orientee_cerema
    _classer(comptes, demande)
    connecter("contact@cerema.demo")
    assert "Accepter" not in client.get(f"/demandes/{demande.pk}/").content.decode()
    reponse = client.post(f"/operateurs/orientations/{orientation.pk}/accepter/", {})
    assert reponse.status_code == 400
    assert "Classée sans suite" in reponse.content.decode()
    assert Orientation.objects.get(pk=orientation.pk).statut == StatutOrientation.PROPOSEE


def test_on_ne_donne_pas_d_avis_sur_une_demande_cloturee(
    client, connecter, comptes, orientee_cerema
):
    demande, orientation = orientee_cerema
    services.accepter(orientation=orientation, par=comptes["contact@cerema.demo"])
    demandes.cloturer_demande(demande=demande, par=comptes["agent@ddt.demo"], version=None)
    connecter("contact@cerema.demo")
    page = client.get(f"/demandes/{demande.pk}/").content.decode()
    assert "Donner un avis et une offre" not in page
    reponse = client.post(
        f"/operateurs/orientations/{orientation.pk}/avis/",
        {"avis": "Tardif", "type_offre": "etude", "description": "Une étude."},
    )
    assert reponse.status_code == 400
    assert "Clôturée" in reponse.content.decode()
    assert Orientation.objects.get(pk=orientation.pk).avis == ""
    # The support it gave can still be marked finished.
    assert "Marquer l'appui comme terminé" in page
    client.post(f"/operateurs/orientations/{orientation.pk}/terminer/")
    assert Orientation.objects.get(pk=orientation.pk).statut == StatutOrientation.TERMINEE


def test_on_ne_decline_pas_une_demande_classee(client, connecter, comptes, orientee_cerema):
    demande, orientation = orientee_cerema
    _classer(comptes, demande)
    connecter("contact@cerema.demo")
    reponse = client.post(
        f"/operateurs/orientations/{orientation.pk}/decliner/", {"motif": "Hors champ"}
    )
    assert reponse.status_code == 400
    assert Orientation.objects.get(pk=orientation.pk).statut == StatutOrientation.PROPOSEE
    assert client.get(f"/demandes/{demande.pk}/").status_code == 200
