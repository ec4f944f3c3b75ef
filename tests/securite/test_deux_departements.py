"""Two départements on one instance: the Territoire de Belfort (90, the demo's world ``monde``)
and the Doubs (25, a commune and its people made by the factories). An agent of one never
reaches a demande of the other, by any door: its pages, documents and actions (404, as for a
demande that does not exist), the dashboard, the exports, the API. A superuser sees both."""

import csv
import datetime
import io
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from api import services as api_services
from demandes import services
from demandes import tasks as taches_demandes
from demandes.models import ConfigurationRelances, Demande, Statut
from guichet.comptes.models import ServiceEtat, User
from guichet.comptes.organisations import Organisation
from guichet.notifications.models import Notification
from guichet.territoire.models import Departement, Thematique
from tests.demandes.conftest import donnees_completes
from tests.factories import CommuneFactory, agent_de_l_etat, membre_de
from tests.securite.test_matrice_autorisations import DONNEES, MATRICE, fermer

pytestmark = pytest.mark.django_db

PREFET_90, DDT_90, ADMIN = "prefet@prefecture.demo", "agent@ddt.demo", "admin@guichet.demo"


@pytest.fixture
def doubs(monde, pdf):
    """The Doubs' préfecture and DDT, a commune of the Doubs, its mayor and its filed demande."""
    departement = Departement.objects.get(code="25")
    commune = CommuneFactory()
    maire = membre_de(commune)
    prefet = agent_de_l_etat(departement, ServiceEtat.PREFECTURE)
    ddt = agent_de_l_etat(departement, ServiceEtat.DDT)
    demande = services.creer_brouillon(
        collectivite=commune,
        par=maire,
        donnees=donnees_completes(titre="Projet du Doubs", contact_email=maire.email),
        thematiques=Thematique.objects.filter(slug="habitat"),
        fichiers=[pdf()],
        deposer=True,
    )
    return SimpleNamespace(
        departement=departement,
        commune=commune,
        maire=maire,
        prefet=prefet,
        ddt=ddt,
        demande=demande,
        piece=demande.pieces.get(),
    )


def _reponses(client, connecter, email, routes):
    """Each route's answer to ``email``, every request rolled back after it."""
    obtenus = {}
    client.cookies.clear()
    connecter(email)
    for nom, (methode, url, donnees) in routes.items():
        point_de_retour = transaction.savepoint()
        reponse = getattr(client, methode)(url, donnees)
        obtenus[nom] = reponse.status_code
        fermer(reponse)
        transaction.savepoint_rollback(point_de_retour)
    return obtenus


def _routes_du_monde(monde):
    """Every route of the browser's matrix that names D (Delle's demande, in the 90), its
    documents and avis, or Delle's access request: (method, URL, POST data) by route."""
    routes = {}
    for nom, (methode, modele, _) in MATRICE.items():
        if nom.startswith("api:") or not any(
            f"{{{cle}}}" in modele for cle in ("d", "acces", "avis_recu", "avis_ouvert")
        ):
            continue
        donnees = {cle: valeur.format(**monde) for cle, valeur in DONNEES.get(nom, {}).items()}
        routes[nom] = (methode, modele.format(**monde), donnees)
    return routes


def test_l_agent_du_doubs_ne_trouve_rien_de_la_demande_du_90(client, connecter, monde, doubs):
    routes = _routes_du_monde(monde)
    assert {"demandes:detail", "demandes:telecharger", "demandes:prendre_en_charge"} <= set(routes)
    for agent in (doubs.prefet, doubs.ddt):
        obtenus = _reponses(client, connecter, agent.email, routes)
        autres = {nom: code for nom, code in obtenus.items() if code != 404}
        assert not autres, f"{agent.email} atteint : {autres}"


def _routes_de_la_demande_du_doubs(doubs):
    d, piece = doubs.demande.pk, doubs.piece.pk
    return {
        "page": ("get", f"/demandes/{d}/", {}),
        "document": ("get", f"/demandes/{d}/documents/{piece}/", {}),
        "recepisse": ("get", f"/demandes/{d}/recepisse.pdf", {}),
        "prendre_en_charge": ("post", f"/demandes/{d}/prendre-en-charge/", {}),
        "confier": ("get", f"/demandes/{d}/confier/", {}),
        "complement": ("get", f"/demandes/{d}/demander-complement/", {}),
        "classer": ("post", f"/demandes/{d}/classer/", {"motif": "Hors sujet"}),
        "message": ("post", f"/demandes/{d}/messages/", {"texte": "Bonjour", "interne": "on"}),
        "suivre": ("post", f"/demandes/{d}/suivre/", {"suivie": "1"}),
        "avis": ("get", f"/demandes/{d}/avis/nouveau/", {}),
        "cloturer": ("get", f"/demandes/{d}/cloturer/", {}),
        "dossier_ds": ("post", f"/demandes/{d}/dossier-detr-dsil/", {}),
    }


def test_les_agents_du_90_ne_trouvent_rien_de_la_demande_du_doubs(client, connecter, doubs):
    routes = _routes_de_la_demande_du_doubs(doubs)
    for email in (PREFET_90, DDT_90):
        obtenus = _reponses(client, connecter, email, routes)
        autres = {nom: code for nom, code in obtenus.items() if code != 404}
        assert not autres, f"{email} atteint : {autres}"


def test_la_prefecture_du_doubs_et_le_superutilisateur_instruisent_la_demande_du_doubs(
    client, connecter, doubs
):
    lecture = {
        nom: route
        for nom, route in _routes_de_la_demande_du_doubs(doubs).items()
        if nom in ("page", "document", "confier", "complement", "avis")
    }
    for email in (doubs.prefet.email, ADMIN):
        obtenus = _reponses(client, connecter, email, lecture)
        assert set(obtenus.values()) == {200}, (email, obtenus)
    client.cookies.clear()
    connecter(doubs.prefet.email)
    d = doubs.demande
    reponse = client.post(f"/demandes/{d.pk}/prendre-en-charge/", {"version": d.version})
    assert reponse.status_code == 302
    d.refresh_from_db()
    assert d.referent == doubs.prefet
    # Only the Doubs' agents are offered as referents of the Doubs' demande.
    choix = client.get(f"/demandes/{d.pk}/confier/").context["form"].fields["referent"].queryset
    assert set(choix) == {doubs.prefet, doubs.ddt}


def _references_du_tableau(client):
    page = client.get("/tableau-de-bord/?onglet=toutes")
    assert page.status_code == 200
    return {d.reference for d in page.context["page"].object_list}


def _references_csv(client):
    reponse = client.get("/tableau-de-bord/export.csv?onglet=toutes")
    texte = b"".join(reponse.streaming_content).decode("utf-8-sig")
    return {ligne[0] for ligne in list(csv.reader(io.StringIO(texte), delimiter=";"))[1:]}


def _references_xlsx(client):
    reponse = client.get("/tableau-de-bord/export.xlsx?onglet=toutes")
    feuille = load_workbook(io.BytesIO(b"".join(reponse.streaming_content)))["Demandes"]
    return {ligne[0] for ligne in feuille.iter_rows(min_row=2, values_only=True)}


@pytest.mark.parametrize("lire", [_references_du_tableau, _references_csv, _references_xlsx])
def test_tableau_de_bord_et_exports_de_chaque_departement(client, connecter, monde, doubs, lire):
    du_90 = set(_references(Departement.objects.par_defaut()))
    assert du_90
    du_doubs = {doubs.demande.reference}
    connecter(doubs.prefet.email)
    assert lire(client) == du_doubs
    client.cookies.clear()
    connecter(PREFET_90)
    assert lire(client) == du_90
    client.cookies.clear()
    connecter(ADMIN)
    assert lire(client) == du_90 | du_doubs


def _references(departement):
    return (
        Demande.objects.deposees()
        .filter(departement=departement)
        .values_list("reference", flat=True)
    )


def test_les_filtres_du_tableau_ne_nomment_que_le_departement_de_l_agent(client, connecter, doubs):
    connecter(doubs.prefet.email)
    formulaire = client.get("/tableau-de-bord/").context["filtre"].form
    communes = [nom for _, nom in formulaire.fields["commune"].choices if _]
    referents = {nom for cle, nom in formulaire.fields["referent"].choices if cle}
    assert communes == [doubs.commune.nom]
    assert referents == {str(doubs.prefet), str(doubs.ddt)}


def _api(jeton):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {jeton}")
    return client


def _jeton_de_la_prefecture(par, departement):
    organisation = Organisation(service=ServiceEtat.PREFECTURE, departement=departement)
    return api_services.creer_jeton(
        par=par, organisation=organisation, nom="Synchronisation", portee="lecture"
    )[1]


def test_l_api_de_chaque_prefecture_ne_rend_que_son_departement(monde, doubs):
    prefecture_25 = _api(_jeton_de_la_prefecture(doubs.prefet, doubs.departement))
    prefecture_90 = _api(
        _jeton_de_la_prefecture(User.objects.get(email=PREFET_90), Departement.objects.par_defaut())
    )
    d90, d25 = monde["d"], doubs.demande.pk
    ids_25 = {d["id"] for d in prefecture_25.get("/api/v1/demandes/").json()["results"]}
    ids_90 = {d["id"] for d in prefecture_90.get("/api/v1/demandes/").json()["results"]}
    assert ids_25 == {d25}
    assert d90 in ids_90 and d25 not in ids_90
    for client, etrangere in ((prefecture_25, d90), (prefecture_90, d25)):
        assert client.get(f"/api/v1/demandes/{etrangere}/").status_code == 404
        assert client.get(f"/api/v1/demandes/{etrangere}/evenements/").status_code == 404


def test_l_entete_nomme_le_prefet_du_departement_de_la_personne(client, connecter, doubs):
    connecter(doubs.prefet.email)
    page = client.get("/").content.decode()
    assert '<p class="fr-logo">Préfet<br>du Doubs</p>' in page
    assert "Accueil — Guichet unique — Préfet du Doubs" in page
    assert "Comité local de cohésion des territoires du Doubs" in page
    assert "Territoire de Belfort" not in page
    client.cookies.clear()
    connecter(doubs.maire.email)
    assert "Préfet<br>du Doubs" in client.get("/").content.decode()
    client.cookies.clear()
    connecter(PREFET_90)
    assert "Préfet<br>du Territoire<br>de Belfort" in client.get("/").content.decode()
    client.cookies.clear()
    assert "Préfet<br>du Territoire<br>de Belfort" in client.get("/").content.decode()


def _destinataires(demande, evenement):
    return set(
        Notification.objects.filter(objet_id=demande.pk, evenement=evenement).values_list(
            "destinataire__email", flat=True
        )
    )


def test_le_depot_d_une_commune_du_doubs_va_a_la_prefecture_et_a_la_ddt_du_doubs(monde, doubs):
    du_doubs = _destinataires(doubs.demande, "demande_deposee")
    assert du_doubs == {doubs.prefet.email, doubs.ddt.email}
    assert _destinataires(Demande.objects.get(pk=monde["d"]), "demande_deposee") == {
        PREFET_90,
        DDT_90,
    }


def _recapitulatif(departement):
    lignes = Notification.objects.filter(
        evenement="relances", cle__startswith=f"relances:{departement.code}:"
    )
    return {n.destinataire.email for n in lignes}, {n.corps for n in lignes}


def test_le_recapitulatif_du_matin_suit_les_delais_de_chaque_departement(monde, doubs):
    Demande.objects.filter(statut=Statut.DEPOSEE).update(
        date_depot=timezone.now() - datetime.timedelta(days=20)
    )
    # The Doubs waits longer than the Territoire de Belfort before calling a demande late.
    ConfigurationRelances.objects.create(departement=doubs.departement, delai_prise_en_charge=30)
    taches_demandes.envoyer_relances_etat()
    destinataires, corps = _recapitulatif(Departement.objects.par_defaut())
    assert destinataires == {PREFET_90, DDT_90}
    assert all(doubs.demande.reference not in texte for texte in corps)
    assert _recapitulatif(doubs.departement) == (set(), set())
    ConfigurationRelances.objects.filter(departement=doubs.departement).update(
        delai_prise_en_charge=10
    )
    taches_demandes.envoyer_relances_etat()
    destinataires, corps = _recapitulatif(doubs.departement)
    assert destinataires == {doubs.prefet.email, doubs.ddt.email}
    assert all(doubs.demande.reference in texte for texte in corps)
