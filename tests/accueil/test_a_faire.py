"""The home page lists what waits on the person, counted in French, each with its link."""

import datetime
import re

import pytest
from django.utils import timezone

from comite import services as services_du_comite
from comite.models import ReponseConvocation, Seance, StatutSeance
from demandes import services
from demandes.models import MotifComplement
from guichet.territoire.models import Operateur
from operateurs import services as operateurs
from tests.demandes.conftest import creer

pytestmark = pytest.mark.django_db


def a_faire(client):
    """Each to-do of the home page: its text, and its link (None when there is nothing to do)."""
    page = client.get("/").content.decode()
    section = page[page.index('id="titre-actions"') : page.index("</section>")]
    taches = {}
    for titre in re.findall(r'<h3 class="fr-tile__title">(.*?)</h3>', section, re.S):
        lien = re.match(r'<a href="([^"]*)">(.*)</a>', titre)
        texte = lien[2] if lien else titre
        taches[texte.replace("&#x27;", "'")] = lien[1].replace("&amp;", "&") if lien else None
    return taches


def test_l_etat_voit_les_demandes_a_prendre_en_charge_et_les_siennes_a_instruire(
    client, connecter, comptes
):
    eau = creer(comptes, titre="Réseau d'eau potable")
    ecole = creer(comptes, titre="Rénovation de l'école", insee="90010")
    connecter("agent@ddt.demo")
    taches = a_faire(client)
    assert taches["2 demandes à prendre en charge"] == (
        "/tableau-de-bord/?onglet=toutes&statut=deposee"
    )
    assert taches["Aucune demande à instruire"] is None
    tableau = client.get(taches["2 demandes à prendre en charge"]).content.decode()
    assert "Réseau d&#x27;eau potable" in tableau and "Rénovation de l&#x27;école" in tableau

    services.prendre_en_charge(demande=eau, par=comptes["agent@ddt.demo"], version=eau.version)
    taches = a_faire(client)
    assert taches["1 demande à prendre en charge"] == f"/demandes/{ecole.pk}/"
    assert taches["1 demande à instruire"] == f"/demandes/{eau.pk}/"

    client.logout()
    connecter("prefet@prefecture.demo")
    assert a_faire(client)["Aucune demande à instruire"] is None, "elle n'en est pas référente"


def test_plusieurs_demandes_a_instruire_menent_au_tableau_filtre(client, connecter, comptes):
    agent = comptes["agent@ddt.demo"]
    for titre in ("Voie verte", "Maison de santé"):
        demande = creer(comptes, titre=titre)
        services.prendre_en_charge(demande=demande, par=agent, version=demande.version)
    creer(comptes, titre="Pas encore prise")
    connecter("agent@ddt.demo")
    lien = a_faire(client)["2 demandes à instruire"]
    assert lien == "/tableau-de-bord/?onglet=toutes&statut=en_instruction&mes_demandes=on"
    tableau = client.get(lien).content.decode()
    assert "Voie verte" in tableau and "Maison de santé" in tableau
    assert "Pas encore prise" not in tableau


def test_la_collectivite_voit_ses_complements_a_fournir_et_ses_brouillons(
    client, connecter, comptes, en_instruction_delle
):
    services.demander_complement(
        demande=en_instruction_delle,
        par=comptes["agent@ddt.demo"],
        version=en_instruction_delle.version,
        points=[("Joindre le devis.", MotifComplement.INCOMPLET)],
    )
    brouillon = creer(comptes, titre="Idée de tiers-lieu", deposer=False)
    connecter("maire@delle.demo")
    taches = a_faire(client)
    assert taches["1 complément à fournir"] == f"/demandes/{en_instruction_delle.pk}/completer/"
    assert taches["1 brouillon à déposer"] == f"/demandes/{brouillon.pk}/modifier/"

    creer(comptes, titre="Autre idée", deposer=False)
    assert a_faire(client)["2 brouillons à déposer"] == "/demandes/"

    client.logout()
    connecter("maire@belfort.demo")
    taches = a_faire(client)
    assert taches["Aucun complément à fournir"] is None
    assert taches["Aucun brouillon à déposer"] is None


def test_l_operateur_voit_ses_orientations_a_accepter_puis_ses_avis_a_donner(
    client, connecter, comptes, en_instruction_delle
):
    demande = services.orienter_demande(
        demande=en_instruction_delle,
        par=comptes["agent@ddt.demo"],
        version=en_instruction_delle.version,
        operateurs=Operateur.objects.filter(slug__in=["cerema", "anah"]),
    )
    connecter("contact@cerema.demo")
    taches = a_faire(client)
    assert taches["1 orientation à accepter"] == f"/demandes/{demande.pk}/"
    assert taches["Aucun avis à donner"] is None

    operateurs.accepter(
        orientation=demande.orientations.get(operateur__slug="cerema"),
        par=comptes["contact@cerema.demo"],
    )
    taches = a_faire(client)
    assert taches["Aucune orientation à accepter"] is None
    assert taches["1 avis à donner"] == f"/demandes/{demande.pk}/"

    client.logout()
    connecter("contact@ademe.demo")
    assert a_faire(client) == {"Aucune orientation à accepter": None, "Aucun avis à donner": None}


def test_plusieurs_orientations_menent_a_la_boite_filtree(client, connecter, comptes):
    agent = comptes["agent@ddt.demo"]
    for titre in ("Voie verte", "Maison de santé"):
        demande = creer(comptes, titre=titre)
        demande = services.prendre_en_charge(demande=demande, par=agent, version=demande.version)
        services.orienter_demande(
            demande=demande,
            par=agent,
            version=demande.version,
            operateurs=Operateur.objects.filter(slug="cerema"),
        )
    connecter("contact@cerema.demo")
    lien = a_faire(client)["2 orientations à accepter"]
    assert lien == "/operateurs/demandes/?statut=proposee"
    boite = client.get(lien).content.decode()
    assert "Voie verte" in boite and "Maison de santé" in boite


def test_le_membre_du_comite_repond_a_sa_convocation_depuis_l_accueil(
    client, connecter, comptes, seance_publiee
):
    connecter("membre@comite.demo")
    taches = a_faire(client)
    assert taches["Répondre à la convocation du 12/03"] == (
        f"/comite/seances/{seance_publiee.pk}/#convocation"
    )
    page = client.get(taches["Répondre à la convocation du 12/03"]).content.decode()
    assert 'id="convocation"' in page

    services_du_comite.repondre_convocation(
        seance=seance_publiee, par=comptes["membre@comite.demo"], reponse=ReponseConvocation.PRESENT
    )
    assert a_faire(client) == {"Aucune convocation à laquelle répondre": None}


def test_l_etat_voit_les_seances_passees_a_clore(client, connecter, comptes, comite):
    oubliee = Seance.objects.create(
        comite=comite,
        date=timezone.now() - datetime.timedelta(days=1),
        lieu="Préfecture",
        statut=StatutSeance.ORDRE_DU_JOUR_PUBLIE,
    )
    Seance.objects.create(
        comite=comite,
        date=timezone.now() - datetime.timedelta(days=20),
        lieu="Préfecture",
        statut=StatutSeance.TENUE,
    )
    connecter("agent@ddt.demo")
    assert a_faire(client)["1 séance à clore"] == f"/comite/seances/{oubliee.pk}/"


def test_un_visiteur_anonyme_n_a_pas_de_liste_mais_un_bouton_de_connexion(client, db):
    page = client.get("/").content.decode()
    assert 'id="titre-actions"' not in page
    assert "Se connecter" in page


def test_un_compte_sans_rattachement_est_invite_a_demander_l_acces(client, comptes):
    from guichet.comptes.models import User

    client.force_login(User.objects.create_user("nouveau@exemple.fr", "un-mot-de-passe-solide"))
    page = client.get("/").content.decode().replace("&#x27;", "'")
    assert "n'est encore rattaché à aucune organisation" in page
    assert '<a class="fr-btn" href="/comptes/demande-acces/">Demander l\'accès</a>' in page


@pytest.mark.parametrize(
    "email",
    [
        "agent@ddt.demo",
        "maire@delle.demo",
        "contact@cerema.demo",
        "membre@comite.demo",
        "admin@guichet.demo",
    ],
)
def test_l_accueil_coute_un_nombre_borne_de_requetes(
    client, connecter, comptes, seance_publiee, email, django_assert_max_num_queries
):
    for titre in ("Voie verte", "Maison de santé", "Tiers-lieu"):
        creer(comptes, titre=titre)
        creer(comptes, titre=titre, deposer=False)
    connecter(email)
    # Everyone's header names the préfet of their département (one query: their attachments;
    # a second for the default département when they have none of their own, as the
    # administrator and the operators). The administrator reads more: its second factor's
    # device (staff accounts) and, acting as the State, the access requests waiting for it. A
    # State agent reads which départements they serve; a comité member (the DDT's agent is one
    # here) also reads the written consultations waiting for their opinion. An operator's
    # routings are read after its operators and groups (two small queries, for the header and
    # for the to-dos).
    maximum = {"admin@guichet.demo": 15, "agent@ddt.demo": 13, "contact@cerema.demo": 14}.get(
        email, 12
    )
    with django_assert_max_num_queries(maximum):
        assert client.get("/").status_code == 200
