"""The séance's page and the list of séances, as their readers see them: the agenda in its
order, one card per item side by side, the séances in the order the list announces, the
planned duration of the whole agenda."""

import datetime
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from comite import services
from comite.models import Seance, StatutSeance

pytestmark = pytest.mark.django_db


class _Cartes(HTMLParser):
    """The agenda's cards: each card's title, and how deep it sits among the other cards."""

    def __init__(self):
        super().__init__()
        self.pile = []  # True for each open <div> that is a card
        self.cartes = []  # (title, number of cards around it)
        self._titre = None

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "div":
            if "fr-card" in classes:
                self.cartes.append(["", sum(self.pile)])
            self.pile.append("fr-card" in classes)
        if tag == "h3" and "fr-card__title" in classes:
            self._titre = self.cartes[-1]

    def handle_endtag(self, tag):
        if tag == "div":
            self.pile.pop()
        if tag == "h3":
            self._titre = None

    def handle_data(self, data):
        if self._titre is not None:
            self._titre[0] += data


def _cartes(html):
    lecteur = _Cartes()
    lecteur.feed(html)
    assert not lecteur.pile, "une balise <div> n'est pas fermée"
    return [(" ".join(titre.split()), profondeur) for titre, profondeur in lecteur.cartes]


def test_les_points_s_affichent_dans_l_ordre_chacun_dans_sa_carte(
    client, connecter, comptes, seance_publiee
):
    services.ajouter_sujet(
        seance=seance_publiee,
        par=comptes["agent@ddt.demo"],
        version=None,
        sujet="Questions diverses",
    )
    connecter("prefet@prefecture.demo")
    page = client.get(f"/comite/seances/{seance_publiee.pk}/").content.decode()
    assert _cartes(page) == [
        ("1. Rénovation de la salle des fêtes", 0),
        ("2. Crédits DSIL 2031", 0),
        ("3. Point d'étape PVD", 0),
        ("4. Questions diverses", 0),
    ]


def test_la_collectivite_lit_les_points_publics_dans_l_ordre(client, connecter, seance_publiee):
    connecter("maire@delle.demo")
    page = client.get(f"/comite/seances/{seance_publiee.pk}/").content.decode()
    assert _cartes(page) == [
        ("1. Rénovation de la salle des fêtes", 0),
        ("2. Point d'étape PVD", 0),
    ]


def _seance(comite, jours, **autres):
    return Seance.objects.create(
        comite=comite,
        date=timezone.now() + datetime.timedelta(days=jours),
        lieu=f"Salle {jours}",
        **autres,
    )


def test_les_seances_a_venir_d_abord_la_plus_proche_puis_les_passees_la_plus_recente(
    client, connecter, comite
):
    lointaine, proche = _seance(comite, 60), _seance(comite, 7)
    ancienne = _seance(comite, -90, statut=StatutSeance.RELEVE_PUBLIE)
    recente = _seance(comite, -10, statut=StatutSeance.TENUE)
    connecter("agent@ddt.demo")
    page = client.get("/comite/seances/")
    assert page.context["a_venir"] == [proche, lointaine]
    assert page.context["passees"] == [recente, ancienne]
    contenu = page.content.decode()
    assert "Séances à venir, de la plus proche à la plus lointaine" in contenu
    assert "Séances passées, de la plus récente à la plus ancienne" in contenu
    liens = [f'href="/comite/seances/{s.pk}/"' for s in (proche, lointaine, recente, ancienne)]
    positions = [contenu.index(lien) for lien in liens]
    assert positions == sorted(positions)


@pytest.mark.parametrize("email", ["prefet@prefecture.demo", "maire@delle.demo"])
def test_la_duree_prevue_compte_les_points_internes_pour_tous(
    client, connecter, comptes, seance, orientee, email
):
    prefet = comptes["prefet@prefecture.demo"]
    services.inscrire_demande(
        seance=seance, par=prefet, version=None, demande=orientee, duree_minutes=30
    )
    services.ajouter_sujet(
        seance=seance, par=prefet, version=None, sujet="Point PVD", duree_minutes=35
    )
    services.ajouter_sujet(
        seance=seance, par=prefet, version=None, sujet="DSIL", duree_minutes=15, interne=True
    )
    services.publier_ordre_du_jour(seance=seance, par=prefet, version=None)
    connecter(email)
    page = client.get(f"/comite/seances/{seance.pk}/").content.decode()
    assert "Durée prévue : 80 minutes" in page
