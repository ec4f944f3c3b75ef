"""Queries compiled once per process (guichet/compilees.py): the same rows as the ORM, each
time read afresh, the SQL built once per key."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from guichet.compilees import Compilees, RequeteCompilee
from guichet.comptes.models import User
from guichet.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_les_lignes_sont_converties_comme_par_l_orm(comptes):
    maire = comptes["maire@delle.demo"]
    Notification.objects.create(
        destinataire=maire, cle="a", sujet="Deux", corps="…", date_lecture=timezone.now()
    )
    queryset = Notification.objects.filter(destinataire=maire).values_list(
        "pk", "sujet", "date_lecture", "date_creation"
    )
    lignes = RequeteCompilee(queryset).lignes()
    assert lignes == list(queryset)
    assert isinstance(lignes[0][2], datetime.datetime) and timezone.is_aware(lignes[0][2])


def test_une_condition_impossible_ne_fait_aucune_requete(comptes):
    requete = RequeteCompilee(User.objects.filter(pk__in=[]).values_list("pk"))
    with CaptureQueriesContext(connection) as requetes:
        assert requete.lignes() == []
    assert requetes.captured_queries == []


def test_construite_une_fois_elle_lit_les_lignes_du_moment(comptes):
    compilees = Compilees()
    construites = []

    def construire():
        construites.append(1)
        return User.objects.filter(email__endswith="@ddt.demo").values_list("email")

    avant = compilees.lignes("agents", construire)
    User.objects.create_user(email="nouvel.agent@ddt.demo", password="x" * 12)
    apres = compilees.lignes("agents", construire)
    assert len(construites) == 1
    assert ("nouvel.agent@ddt.demo",) in apres and ("nouvel.agent@ddt.demo",) not in avant


def test_les_moins_recemment_servies_sont_oubliees(comptes):
    compilees = Compilees(taille=2)
    construites = []

    def requete(email):
        def construire():
            construites.append(email)
            return User.objects.filter(email=email).values_list("pk")

        return construire

    for email in ("prefet@prefecture.demo", "agent@ddt.demo", "prefet@prefecture.demo"):
        compilees.lignes(email, requete(email))
    compilees.lignes("maire@delle.demo", requete("maire@delle.demo"))  # forgets the agent's
    compilees.lignes("prefet@prefecture.demo", requete("prefet@prefecture.demo"))
    compilees.lignes("agent@ddt.demo", requete("agent@ddt.demo"))
    assert construites == [
        "prefet@prefecture.demo",
        "agent@ddt.demo",
        "maire@delle.demo",
        "agent@ddt.demo",
    ]


def test_un_role_retire_se_voit_a_la_requete_suivante(client, connecter, comptes):
    connecter("agent@ddt.demo")
    assert client.get("/tableau-de-bord/").status_code == 200
    comptes["agent@ddt.demo"].groups.clear()
    assert client.get("/tableau-de-bord/").status_code == 403


def test_le_compteur_de_l_en_tete_suit_les_lectures(client, connecter, comptes):
    prefet = comptes["prefet@prefecture.demo"]
    Notification.objects.filter(destinataire=prefet).delete()
    for cle in ("a", "b"):
        Notification.objects.create(destinataire=prefet, cle=cle, sujet=cle, corps="…")
    connecter("prefet@prefecture.demo")
    assert '2<span class="fr-sr-only"> non lues</span>' in client.get("/").content.decode()
    Notification.objects.filter(destinataire=prefet, cle="a").update(date_lecture=timezone.now())
    assert '1<span class="fr-sr-only"> non lue</span>' in client.get("/").content.decode()
    Notification.objects.filter(destinataire=prefet).update(date_lecture=timezone.now())
    assert "non lue" not in client.get("/").content.decode()


def test_les_vues_d_un_agent_ne_sont_qu_a_lui(client, connecter, comptes):
    from demandes.models import VueEnregistree

    for email, nom in (("agent@ddt.demo", "Mes dépôts"), ("prefet@prefecture.demo", "Préfète")):
        VueEnregistree.objects.create(
            user=User.objects.get(email=email), nom=nom, parametres="onglet=toutes"
        )
    connecter("agent@ddt.demo")
    page = client.get("/tableau-de-bord/").content.decode()
    assert "Mes dépôts" in page and "Préfète" not in page
