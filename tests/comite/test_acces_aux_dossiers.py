"""A comité member reads, never writes, the demandes on the public items of its comité's
published agendas; internal items stay with the State (DESIGN.md, Permissions)."""

import importlib

import pytest
from django.apps import apps

from comite import services
from comite.models import Qualite, Seance
from demandes import services as demandes
from demandes.models import Message
from tests.demandes.conftest import creer

from .conftest import orienter

pytestmark = pytest.mark.django_db


@pytest.fixture
def maire_de_delle_au_comite(comptes, comite):
    """The mayor of Delle also sits on the comité, for the collectivités."""
    services.ajouter_membre(
        comite=comite,
        user=comptes["maire@delle.demo"],
        qualite=Qualite.REPRESENTANT_COLLECTIVITES,
    )
    return comptes["maire@delle.demo"]


@pytest.fixture
def demande_de_belfort(comptes, pdf):
    demande = creer(comptes, "90010", titre="Projet de Belfort")
    demandes.ajouter_documents(
        demande=demande, par=comptes["maire@belfort.demo"], fichiers=[pdf("belfort.pdf")]
    )
    demande = demandes.prendre_en_charge(
        demande=demande, par=comptes["agent@ddt.demo"], version=None
    )
    return orienter(comptes, demande)


def _inscrire_et_publier(comptes, seance, demande, *, interne):
    prefet = comptes["prefet@prefecture.demo"]
    point = services.inscrire_demande(
        seance=seance, par=prefet, version=None, demande=demande, interne=interne
    )
    services.publier_ordre_du_jour(seance=seance, par=prefet, version=None)
    return point


def _statut(client, url):
    reponse = client.get(url)
    if reponse.streaming:
        b"".join(reponse.streaming_content)  # read to the end: the file is closed
    return reponse.status_code


def _urls_du_dossier(demande):
    piece = demande.pieces.get()
    return [f"/demandes/{demande.pk}/", f"/demandes/{demande.pk}/documents/{piece.pk}/"]


@pytest.mark.parametrize("email", ["maire@delle.demo", "membre@comite.demo"])
def test_un_point_interne_reste_a_l_etat(
    client, connecter, comptes, seance, demande_de_belfort, maire_de_delle_au_comite, email
):
    _inscrire_et_publier(comptes, seance, demande_de_belfort, interne=True)
    connecter(email)
    for url in _urls_du_dossier(demande_de_belfort):
        assert _statut(client, url) == 404, url
    assert "Projet de Belfort" not in client.get("/demandes/").content.decode()
    reponse = client.post(f"/demandes/{demande_de_belfort.pk}/messages/", {"texte": "Bonjour"})
    assert reponse.status_code == 404
    assert not Message.objects.exists()


def test_un_membre_ne_lit_que_le_dossier_d_un_point_public_sans_rien_y_ecrire(
    client, connecter, comptes, seance, demande_de_belfort, maire_de_delle_au_comite
):
    _inscrire_et_publier(comptes, seance, demande_de_belfort, interne=False)
    connecter("maire@delle.demo")
    for url in _urls_du_dossier(demande_de_belfort):
        assert _statut(client, url) == 200, url
    page = client.get(f"/demandes/{demande_de_belfort.pk}/").content.decode()
    assert 'name="texte"' not in page
    reponse = client.post(f"/demandes/{demande_de_belfort.pk}/messages/", {"texte": "Bonjour"})
    assert reponse.status_code == 403
    assert not Message.objects.exists()
    # His own list is Delle's demandes, never Belfort's, even though he may read it.
    assert "Projet de Belfort" not in client.get("/demandes/").content.decode()


def test_un_membre_du_comite_n_ecrit_pas_dans_le_fil(
    client, connecter, comptes, seance, demande_de_belfort
):
    _inscrire_et_publier(comptes, seance, demande_de_belfort, interne=False)
    connecter("membre@comite.demo")
    assert client.get(f"/demandes/{demande_de_belfort.pk}/").status_code == 200
    reponse = client.post(f"/demandes/{demande_de_belfort.pk}/messages/", {"texte": "Bonjour"})
    assert reponse.status_code == 403
    assert not Message.objects.exists()


def test_un_point_devenu_interne_ferme_le_dossier_aux_membres(
    client, connecter, comptes, seance, demande_de_belfort
):
    point = _inscrire_et_publier(comptes, seance, demande_de_belfort, interne=False)
    connecter("agent@ddt.demo")
    seance.refresh_from_db()
    url = f"/comite/seances/{seance.pk}/points/{point.pk}/modifier/"
    assert client.post(url, {"version": seance.version, "interne": "on"}).status_code == 302
    client.post("/comptes/deconnexion/")
    connecter("membre@comite.demo")
    assert client.get(f"/demandes/{demande_de_belfort.pk}/").status_code == 404
    client.post("/comptes/deconnexion/")
    connecter("agent@ddt.demo")
    seance.refresh_from_db()
    assert client.post(url, {"version": seance.version}).status_code == 302
    client.post("/comptes/deconnexion/")
    connecter("membre@comite.demo")
    assert client.get(f"/demandes/{demande_de_belfort.pk}/").status_code == 200


def test_la_page_de_la_seance_ne_montre_pas_aux_membres_le_dossier_d_un_point_interne(
    client, connecter, comptes, seance, demande_de_belfort
):
    _inscrire_et_publier(comptes, seance, demande_de_belfort, interne=True)
    connecter("membre@comite.demo")
    page = client.get(f"/comite/seances/{seance.pk}/").content.decode()
    assert "Projet de Belfort" in page  # the agenda line
    assert f'href="/demandes/{demande_de_belfort.pk}/"' not in page
    assert "Étude hydraulique indispensable" not in page
    client.post("/comptes/deconnexion/")
    connecter("agent@ddt.demo")
    page = client.get(f"/comite/seances/{seance.pk}/").content.decode()
    assert f'href="/demandes/{demande_de_belfort.pk}/"' in page


def test_la_migration_retire_les_acces_deja_donnes_aux_points_internes(
    client, connecter, comptes, seance, demande_de_belfort, orientee
):
    from guardian.shortcuts import assign_perm

    _inscrire_et_publier(comptes, seance, demande_de_belfort, interne=True)
    prefet = comptes["prefet@prefecture.demo"]
    services.inscrire_demande(seance=seance, par=prefet, version=None, demande=orientee)
    # What the former code granted: every item of the agenda, internal ones included.
    assign_perm("view_demande", services.groupe_du_comite(seance.comite), demande_de_belfort)
    migration = importlib.import_module(
        "comite.migrations.0004_acces_des_membres_aux_points_publics"
    )
    migration.retirer_les_acces_aux_points_internes(apps, None)
    connecter("membre@comite.demo")
    assert client.get(f"/demandes/{demande_de_belfort.pk}/").status_code == 404
    assert client.get(f"/demandes/{orientee.pk}/").status_code == 200


def test_l_administration_ne_supprime_pas_une_seance(client, connecter, seance_publiee):
    # Its items would go, and the members' access to their files would stay.
    connecter("admin@guichet.demo")
    url = f"/admin/comite/seance/{seance_publiee.pk}/delete/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Seance.objects.filter(pk=seance_publiee.pk).exists()
