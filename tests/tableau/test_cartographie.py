import re

import pytest

from demandes import services
from guichet.comptes.models import User
from guichet.comptes.services import rattacher
from guichet.territoire.models import Collectivite, Thematique
from tableau import cartographie
from tests.demandes.conftest import donnees_completes
from tests.outils.decoupage import charger_depuis_le_paquet

from .conftest import creer


def test_les_101_communes_avec_moval_dans_meroux_moval():
    communes, (largeur, hauteur) = cartographie.communes_svg()
    assert len(communes) == 101
    assert "90073" not in communes and "90068" in communes
    assert communes["90068"][1].count("M") >= 2, "deux contours fusionnés"
    # The Territoire de Belfort is taller than wide (about 25 km by 45 km).
    assert largeur == 600 and 900 < hauteur < 1300
    for _, chemin in communes.values():
        valeurs = [float(v) for v in re.findall(r"-?\d+\.\d", chemin)]
        assert valeurs and min(valeurs) >= 0 and max(valeurs) <= hauteur + 0.1


def test_la_carte_colore_lie_et_echappe():
    noms = {"90010": "Belfort", "90033": "<script>alert(1)</script>"}
    svg = str(
        cartographie.carte_svg(
            {"90010": 12, "90033": 1}, noms=noms, url=lambda insee: f"?commune={insee}"
        )
    )
    assert svg.count("<a ") == 101
    assert 'href="?commune=90010"' in svg
    assert "<title>Belfort : 12 demandes</title>" in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; : 1 demande</title>" in svg
    assert "<script>" not in svg
    assert 'fill="#000091"' in svg and 'fill="#cacafb"' in svg and 'fill="#eeeeee"' in svg
    assert "style=" not in svg and "<style" not in svg


def test_le_graphique_et_le_tableau_alternatif():
    html = str(
        cartographie.graphique_thematiques(
            [("Habitat", 1, 4), ("<b>Eau</b>", 2, 2)], url=lambda pk: f"?thematique={pk}"
        )
    )
    assert '<rect width="200"' in html and '<rect width="100"' in html
    assert "&lt;b&gt;Eau&lt;/b&gt;" in html and "style=" not in html
    lignes = cartographie.tableau_alternatif(
        {"90010": 2, "90033": 5, "90001": 0}, {"90010": "Belfort", "90033": "Delle"}
    )
    assert lignes == [("Delle", "90033", 5), ("Belfort", "90010", 2)]
    egales = cartographie.tableau_alternatif(
        {"90039": 1, "90037": 1, "90010": 1}, {"90039": "Essert", "90037": "Éloie"}
    )
    assert [nom for nom, _, _ in egales] == ["90010", "Éloie", "Essert"]


@pytest.mark.django_db
def test_le_tableau_de_bord_montre_la_carte_avec_des_liens_filtrants(client, connecter, comptes):
    creer(comptes, titre="A")
    connecter("agent@ddt.demo")
    page = client.get("/tableau-de-bord/?onglet=toutes").content.decode()
    delle = Collectivite.objects.get(code_insee="90033").pk
    assert 'class="guichet-carte"' in page
    assert f"commune={delle}" in page
    assert "<caption>Demandes par commune</caption>" in page


def test_pas_de_carte_hors_des_contours_livres_ni_sans_demande():
    assert cartographie.carte_svg({"25056": 3, "90010": 1}) == ""
    assert cartographie.carte_svg({"90010": 0, "90033": 0}) == ""
    assert cartographie.carte_svg({"90073": 1}) != "", "Moval est dans Meroux-Moval"


@pytest.mark.django_db
def test_le_tableau_de_bord_du_doubs_montre_le_tableau_seul(client, connecter, comptes):
    charger_depuis_le_paquet("25")
    besancon = Collectivite.objects.get(code_insee="25056")
    maire = User.objects.create_user("maire@besancon.test", "x", prenom="Anne", nom="Vignot")
    rattacher(user=maire, collectivite=besancon)
    services.creer_brouillon(
        collectivite=besancon,
        par=maire,
        donnees=donnees_completes(titre="Tramway"),
        thematiques=Thematique.objects.filter(slug="mobilite"),
        deposer=True,
    )
    connecter("admin@guichet.demo")
    page = client.get("/tableau-de-bord/?onglet=toutes").content.decode()
    assert "Tramway" in page
    assert "guichet-carte" not in page and "guichet-legende" not in page
    assert "<caption>Demandes par commune</caption>" in page
    assert f"commune={besancon.pk}" in page
