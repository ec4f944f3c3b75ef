"""The selects written in Python render exactly what Django's templates render."""

import re

import pytest
from django import forms
from django.test.html import parse_html

from guichet.formulaires import ListeDeroulante, ListeDeroulanteMultiple

CHOIX = [
    ("", "Toutes"),
    (1, 'Belfort & <script>alert("x")</script>'),
    (2, "Délle"),
    ("Groupe", [(3, "Trois"), (4, "Quatre")]),
]


@pytest.mark.parametrize(
    ("rapide", "django", "valeur"),
    [
        (ListeDeroulante, forms.Select, None),
        (ListeDeroulante, forms.Select, 2),
        (ListeDeroulante, forms.Select, "4"),
        (ListeDeroulanteMultiple, forms.SelectMultiple, []),
        (ListeDeroulanteMultiple, forms.SelectMultiple, [1, "3"]),
    ],
)
def test_meme_rendu_que_django(rapide, django, valeur):
    attrs = {"class": "fr-select", "size": 4, "aria-describedby": "aide", "required": True}
    attendu = django(choices=CHOIX, attrs=attrs).render("champ", valeur, attrs={"id": "id_champ"})
    obtenu = rapide(choices=CHOIX, attrs=attrs).render("champ", valeur, attrs={"id": "id_champ"})
    assert parse_html(obtenu) == parse_html(attendu)
    assert "<script>" not in obtenu


def test_le_tableau_de_bord_garde_la_selection_des_filtres(client, connecter, jeu):
    from guichet.territoire.models import Collectivite

    delle = Collectivite.objects.get(code_insee="90033")
    connecter("agent@ddt.demo")
    page = client.get(f"/tableau-de-bord/?commune={delle.pk}&statut=deposee&statut=orientee")
    html = page.content.decode()
    assert f'<option value="{delle.pk}" selected>Delle</option>' in html
    assert '<option value="deposee" selected>Déposée</option>' in html
    balise = re.search(r'<select name="statut"[^>]*>', html).group(0)
    assert parse_html(balise + "</select>") == parse_html(
        '<select name="statut" class="fr-select" size="4" id="id_statut" multiple></select>'
    ), balise
