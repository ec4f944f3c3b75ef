"""« Mes demandes »: on a phone a card per demande, a table from 768 px on; both show the
status and the next step."""

import re

import pytest

from .conftest import creer

pytestmark = pytest.mark.django_db


def test_chaque_demande_a_sa_carte_avec_statut_et_prochaine_etape(
    client, connecter, comptes, en_instruction_delle
):
    brouillon = creer(comptes, titre="Idée de verger communal", deposer=False)
    connecter("maire@delle.demo")
    page = client.get("/demandes/").content.decode()
    debut = page.index('<ul class="fr-raw-list fr-hidden-md">')
    cartes = re.split(r"<li class=\"fr-mb-2w\">", page[debut : page.index("</ul>", debut)])[1:]
    liens = [re.search(r'fr-card__title"><a href="([^"]+)"', carte)[1] for carte in cartes]
    assert sorted(liens) == sorted(
        [en_instruction_delle.get_absolute_url(), brouillon.get_absolute_url()]
    )
    carte = next(c for c in cartes if en_instruction_delle.get_absolute_url() in c)
    assert "En instruction</p>" in carte
    assert "Prochaine étape : En cours d&#x27;examen par l&#x27;État" in carte
    # One collectivité: its name is not repeated on each card (test_plusieurs_collectivites).
    assert f"{en_instruction_delle.reference}</p>" in carte
    carte = next(c for c in cartes if brouillon.get_absolute_url() in c)
    assert "Brouillon</p>" in carte and "Prochaine étape : Compléter et déposer" in carte

    tableau = page[page.index('<div class="fr-hidden fr-unhidden-md">') :]
    assert "<table>" in tableau
    assert "En cours d&#x27;examen par l&#x27;État" in tableau
