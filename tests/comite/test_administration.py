"""The comité's members in the admin: an Administrateur adds people, never itself."""

import pytest

from comite.models import Comite, MembreComite, Qualite

pytestmark = pytest.mark.django_db


def test_un_administrateur_ne_s_inscrit_pas_lui_meme_a_un_comite(
    client, connecter, comptes, gestionnaire
):
    comite = Comite.objects.get()
    connecter(gestionnaire.email)
    reponse = client.post(
        "/admin/comite/membrecomite/add/",
        {"comite": comite.pk, "user": gestionnaire.pk, "qualite": Qualite.AUTRE},
    )
    assert reponse.status_code == 200
    assert "Vous ne pouvez pas vous inscrire vous-même à un comité" in reponse.content.decode()
    assert not MembreComite.objects.filter(user=gestionnaire).exists()
    assert client.get("/comite/seances/").status_code == 403


def test_un_administrateur_inscrit_une_autre_personne(client, connecter, comptes, gestionnaire):
    comite = Comite.objects.get()
    agent = comptes["agent@ddt.demo"]
    connecter(gestionnaire.email)
    reponse = client.post(
        "/admin/comite/membrecomite/add/",
        {"comite": comite.pk, "user": agent.pk, "qualite": Qualite.AUTRE},
    )
    assert reponse.status_code == 302
    assert MembreComite.objects.filter(user=agent, comite=comite).exists()
