"""A person who serves several collectivités says, each time, for which one they file."""

import re

import pytest

from demandes.models import Demande
from guichet.comptes.services import rattacher
from guichet.territoire.models import Collectivite

from .test_deposer import formulaire

pytestmark = pytest.mark.django_db


@pytest.fixture
def trois_communes(secretaire_delle):
    """Inès, secretary of the town halls of Delle, Belfort and Grandvillars."""
    for nom in ["Belfort", "Grandvillars"]:
        rattacher(
            user=secretaire_delle,
            collectivite=Collectivite.objects.get(nom=nom, type="commune"),
            fonction="Secrétaire de mairie",
        )
    return secretaire_delle


@pytest.fixture
def ines(client, trois_communes):
    client.force_login(trois_communes)
    return trois_communes


def options_du_choix(page):
    choix = re.search(r'<select[^>]*name="collectivite".*?</select>', page, re.S)[0]
    return re.findall(r"<option[^>]*>([^<]*)</option>", choix), choix


def test_le_choix_ne_propose_que_ses_collectivites_sans_en_choisir_une(client, ines):
    page = client.get("/demandes/nouvelle/").content.decode()
    options, choix = options_du_choix(page)
    assert options == ["Choisir une collectivité", "Belfort", "Delle", "Grandvillars"]
    assert "selected" not in choix.split("</option>", 1)[1]
    assert "Collectivité pour laquelle vous déposez" in page


def test_sans_choix_la_demande_n_est_pas_enregistree(client, ines):
    reponse = client.post("/demandes/nouvelle/", formulaire(deposer="1"))
    assert reponse.status_code == 200
    assert "Choisissez la collectivité pour laquelle vous déposez." in reponse.content.decode()
    assert not Demande.objects.exists()


def test_la_demande_est_deposee_pour_la_collectivite_choisie(client, ines):
    grandvillars = Collectivite.objects.get(nom="Grandvillars", type="commune")
    reponse = client.post(
        "/demandes/nouvelle/", formulaire(deposer="1", collectivite=grandvillars.pk)
    )
    demande = Demande.objects.get()
    assert reponse["Location"] == demande.get_absolute_url()
    assert demande.collectivite == grandvillars
    assert demande.deposant == ines


def test_une_collectivite_etrangere_est_refusee_avec_un_message_clair(client, ines):
    giromagny = Collectivite.objects.get(nom="Giromagny", type="commune")
    for valeur in [giromagny.pk, "abc", "99999999"]:
        reponse = client.post("/demandes/nouvelle/", formulaire(deposer="1", collectivite=valeur))
        assert reponse.status_code == 200
        assert "Cette collectivité n&#x27;est pas l&#x27;une des vôtres" in (
            reponse.content.decode()
        )
    assert not Demande.objects.exists()


def test_un_brouillon_garde_sa_collectivite(client, ines):
    grandvillars = Collectivite.objects.get(nom="Grandvillars", type="commune")
    client.post(
        "/demandes/nouvelle/",
        {"titre": "Idée", "brouillon": "1", "collectivite": grandvillars.pk},
    )
    brouillon = Demande.objects.get()
    page = client.get(f"/demandes/{brouillon.pk}/modifier/").content.decode()
    assert 'name="collectivite"' not in page
    assert "Brouillon de la commune de Grandvillars" in page
    client.post(
        f"/demandes/{brouillon.pk}/modifier/",
        formulaire(deposer="1", version=brouillon.version, collectivite=""),
    )
    brouillon.refresh_from_db()
    assert brouillon.statut == "deposee"
    assert brouillon.collectivite == grandvillars


def test_une_seule_collectivite_pas_de_choix(client, connecter, comptes):
    connecter("maire@delle.demo")
    assert 'name="collectivite"' not in client.get("/demandes/nouvelle/").content.decode()
    client.post("/demandes/nouvelle/", formulaire(deposer="1"))
    assert Demande.objects.get().collectivite.nom == "Delle"


def test_la_liste_montre_la_collectivite_quand_on_en_a_plusieurs(
    client, ines, django_assert_max_num_queries
):
    for nom in ["Belfort", "Grandvillars"]:
        client.post(
            "/demandes/nouvelle/",
            {
                "titre": f"Projet à {nom}",
                "brouillon": "1",
                "collectivite": Collectivite.objects.get(nom=nom, type="commune").pk,
            },
        )
    with django_assert_max_num_queries(12):
        page = client.get("/demandes/").content.decode()
    assert '<th scope="col">Collectivité</th>' in page
    assert "<td>Grandvillars</td>" in page and "<td>Belfort</td>" in page


def test_la_liste_d_une_seule_collectivite_ne_la_repete_pas(client, connecter, comptes):
    connecter("maire@delle.demo")
    client.post("/demandes/nouvelle/", {"titre": "Idée", "brouillon": "1"})
    page = client.get("/demandes/").content.decode()
    assert '<th scope="col">Collectivité</th>' not in page


def test_l_accueil_dit_dans_quelle_collectivite_attendent_les_brouillons(client, ines):
    for nom in ["Belfort", "Grandvillars", "Grandvillars"]:
        client.post(
            "/demandes/nouvelle/",
            {
                "titre": "Idée",
                "brouillon": "1",
                "collectivite": Collectivite.objects.get(nom=nom, type="commune").pk,
            },
        )
    page = client.get("/").content.decode()
    assert "3 brouillons à déposer" in page
    assert "(Belfort : 1 ; Grandvillars : 2)" in page
