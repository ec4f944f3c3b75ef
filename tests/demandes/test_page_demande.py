"""The request page with a long history: the same queries as a short one, the thread and the
timeline shown from their most recent end, a page at a time."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from demandes import services
from demandes.models import (
    DemandeComplement,
    Evenement,
    Message,
    MotifComplement,
    PieceJointe,
    PointComplement,
    TypeEvenement,
)
from demandes.selectors import PAR_PAGE_ECHANGES, PAR_PAGE_HISTORIQUE
from guichet.territoire.models import Operateur
from operateurs import services as operateurs

pytestmark = pytest.mark.django_db


def orienter(demande, comptes, *slugs):
    """Route the demande to ``slugs``; each operator's contact accepts and gives an offer."""
    demande = services.orienter_demande(
        demande=demande,
        par=comptes["agent@ddt.demo"],
        version=demande.version,
        operateurs=Operateur.objects.filter(slug__in=slugs),
    )
    for orientation in demande.orientations.filter(operateur__slug__in=slugs):
        membre = comptes[f"contact@{orientation.operateur.slug}.demo"]
        orientation = operateurs.accepter(orientation=orientation, par=membre)
        operateurs.donner_avis(
            orientation=orientation, par=membre, avis="Favorable.", description="Dix jours."
        )
    return demande


def ecrire(demande, auteur, nombre, *, interne=False, texte="Message numéro {:03d}."):
    Message.objects.bulk_create(
        Message(demande=demande, auteur=auteur, texte=texte.format(i), interne=interne)
        for i in range(1, nombre + 1)
    )


def consigner(demande, auteur, nombre, *, interne=False, libelle="Événement numéro {:03d}"):
    Evenement.objects.bulk_create(
        Evenement(
            demande=demande,
            auteur=auteur,
            type=TypeEvenement.MODIFICATION,
            libelle=libelle.format(i),
            interne=interne,
        )
        for i in range(1, nombre + 1)
    )


def allonger(demande, comptes):
    """Years of history: events, messages and notes, documents, an answered complement and
    one more operator."""
    agent, maire = comptes["agent@ddt.demo"], comptes["maire@delle.demo"]
    consigner(demande, agent, 60)
    consigner(demande, agent, 40, interne=True, libelle="Avis interne {:03d}")
    ecrire(demande, maire, 40)
    ecrire(demande, agent, 25, interne=True, texte="Note interne {:03d}.")
    PieceJointe.objects.bulk_create(
        PieceJointe(
            demande=demande,
            fichier=f"{demande.pk}/devis-{i}.pdf",
            nom=f"devis-{i}.pdf",
            type_mime="application/pdf",
            extension=".pdf",
            taille=1000,
            depose_par=maire,
        )
        for i in range(9)
    )
    complement = DemandeComplement.objects.create(
        demande=demande, demande_par=agent, date_reponse=timezone.now(), repondu_par=maire
    )
    PointComplement.objects.create(
        complement=complement,
        question="Le plan de financement ?",
        motif=MotifComplement.INCOMPLET,
        reponse="Joint.",
    )
    return orienter(demande, comptes, "anah")


@pytest.fixture
def orientee_ademe(en_instruction_delle, comptes):
    """A short history: a few events, one message, one document, one operator."""
    services.envoyer_message(
        demande=en_instruction_delle, par=comptes["agent@ddt.demo"], texte="Bonjour."
    )
    return orienter(en_instruction_delle, comptes, "ademe")


@pytest.mark.parametrize(
    "email", ["agent@ddt.demo", "maire@delle.demo", "contact@ademe.demo"], ids=str
)
def test_la_page_coute_autant_de_requetes_avec_un_long_historique(
    client, connecter, comptes, orientee_ademe, email, django_assert_num_queries
):
    connecter(email)
    url = f"/demandes/{orientee_ademe.pk}/"
    client.get(url)  # the first visit records the person's Suivi
    with CaptureQueriesContext(connection) as court:
        assert client.get(url).status_code == 200
    allonger(orientee_ademe, comptes)
    with django_assert_num_queries(len(court.captured_queries)):
        page = client.get(url)
    assert page.status_code == 200
    assert "Messages plus anciens" in page.content.decode()


def test_le_fil_montre_les_derniers_messages_et_mene_aux_plus_anciens(
    client, connecter, comptes, en_instruction_delle
):
    ecrire(en_instruction_delle, comptes["maire@delle.demo"], 45)
    connecter("maire@delle.demo")
    url = f"/demandes/{en_instruction_delle.pk}/"

    page = client.get(url).content.decode()
    assert f"Messages {45 - PAR_PAGE_ECHANGES + 1} à 45 sur 45" in page
    assert "Message numéro 026." in page and "Message numéro 045." in page
    assert page.index("Message numéro 026.") < page.index("Message numéro 045.")
    assert "Message numéro 025." not in page
    assert 'aria-label="Pagination des échanges"' in page
    assert 'href="?echanges=2#fil">Messages plus anciens</a>' in page
    assert "Messages plus récents" not in page

    page = client.get(url, {"echanges": 2}).content.decode()
    assert "Messages 6 à 25 sur 45" in page
    assert "Message numéro 006." in page and "Message numéro 025." in page
    assert "Message numéro 005." not in page and "Message numéro 026." not in page
    assert 'href="?echanges=3#fil">Messages plus anciens</a>' in page
    assert 'href="?echanges=1#fil">Messages plus récents</a>' in page
    assert 'href="?#fil">Les derniers messages</a>' in page

    page = client.get(url, {"echanges": 3}).content.decode()
    assert "Messages 1 à 5 sur 45" in page
    assert "Message numéro 001." in page and "Message numéro 006." not in page
    assert "Messages plus anciens" not in page


@pytest.mark.parametrize(("numero", "debut"), [("abc", 26), ("0", 1), ("99", 1), ("", 26)])
def test_une_page_du_fil_inconnue_montre_la_premiere_ou_la_derniere(
    client, connecter, comptes, en_instruction_delle, numero, debut
):
    ecrire(en_instruction_delle, comptes["maire@delle.demo"], 45)
    connecter("maire@delle.demo")
    reponse = client.get(f"/demandes/{en_instruction_delle.pk}/", {"echanges": numero})
    assert reponse.status_code == 200
    assert f"Messages {debut} à" in reponse.content.decode()


def test_l_historique_montre_les_derniers_evenements_et_mene_aux_plus_anciens(
    client, connecter, comptes, en_instruction_delle
):
    # The fixture wrote three events (created with its document, filed, taken in charge).
    consigner(en_instruction_delle, comptes["agent@ddt.demo"], 70)
    connecter("agent@ddt.demo")
    url = f"/demandes/{en_instruction_delle.pk}/"

    page = client.get(url).content.decode()
    assert f"Événements {73 - PAR_PAGE_HISTORIQUE + 1} à 73 sur 73" in page
    assert "Événement numéro 041" in page and "Événement numéro 070" in page
    assert "Événement numéro 040" not in page
    assert 'aria-label="Pagination de l\'historique"' in page
    assert '<ol class="guichet-historique fr-raw-list" start="44">' in page
    numeros = re.findall(r'<span class="guichet-historique__numero">(\d+)\.</span>', page)
    assert numeros == [str(n) for n in range(44, 74)]

    # Each list keeps the other's page.
    page = client.get(url, {"historique": 3, "echanges": 2}).content.decode()
    assert "Événements 1 à 13 sur 73" in page
    assert "Brouillon créé" in page and "Événement numéro 010" in page
    assert "Événement numéro 011" not in page
    numeros = re.findall(r'<span class="guichet-historique__numero">(\d+)\.</span>', page)
    assert numeros == [str(n) for n in range(1, 14)]
    assert 'href="?historique=2&amp;echanges=2#historique">Plus récents</a>' in page


def test_une_courte_histoire_se_lit_sans_pagination(client, connecter, en_instruction_delle):
    connecter("maire@delle.demo")
    page = client.get(f"/demandes/{en_instruction_delle.pk}/").content.decode()
    assert "Brouillon créé" in page
    assert "fr-pagination" not in page


def test_les_notes_internes_ne_comptent_pas_pour_la_collectivite(
    client, connecter, comptes, en_instruction_delle
):
    agent = comptes["agent@ddt.demo"]
    ecrire(en_instruction_delle, agent, 10)
    ecrire(en_instruction_delle, agent, 15, interne=True, texte="Note interne {:03d}.")
    consigner(en_instruction_delle, agent, 40, interne=True)

    connecter("maire@delle.demo")
    page = client.get(f"/demandes/{en_instruction_delle.pk}/").content.decode()
    assert "Message numéro 001." in page
    assert "Note interne" not in page and "Événement numéro" not in page
    assert "fr-pagination" not in page

    client.post("/comptes/deconnexion/")
    connecter("agent@ddt.demo")
    page = client.get(f"/demandes/{en_instruction_delle.pk}/").content.decode()
    assert "Messages 6 à 25 sur 25" in page
    assert "Événements 14 à 43 sur 43" in page
