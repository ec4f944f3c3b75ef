"""The demandes in the admin: a draft belongs to its collectivité until it is filed."""

import pytest

from tests.demandes.conftest import creer

pytestmark = pytest.mark.django_db


def test_l_administrateur_ne_voit_pas_les_brouillons_dans_l_administration(
    client, connecter, comptes, gestionnaire
):
    deposee = creer(comptes, titre="Salle des fêtes")
    brouillon = creer(comptes, titre="Projet encore secret", deposer=False)
    connecter(gestionnaire.email)
    liste = client.get("/admin/demandes/demande/").content.decode()
    assert "Salle des fêtes" in liste
    assert "Projet encore secret" not in liste
    recherche = client.get("/admin/demandes/demande/", {"q": "secret"}).content.decode()
    assert "Projet encore secret" not in recherche
    fiche = client.get(f"/admin/demandes/demande/{brouillon.pk}/change/")
    assert fiche.status_code == 302, "comme pour une demande qui n'existe pas"
    assert client.get(f"/admin/demandes/demande/{deposee.pk}/change/").status_code == 200


def test_le_superutilisateur_voit_encore_les_brouillons(client, connecter, comptes):
    brouillon = creer(comptes, titre="Projet encore secret", deposer=False)
    connecter("admin@guichet.demo")
    assert client.get(f"/admin/demandes/demande/{brouillon.pk}/change/").status_code == 200
