"""The dashboard's map of the communes and its chart by theme, drawn on the server in SVG.

Nothing is fetched from the internet and no script is needed. The boundaries are the public
file of ``guichet/territoire/data/`` (see its README): the Territoire de Belfort's communes
only. Elsewhere (a portal loaded with other départements by ``charger_territoire``) there is
no map, only the table. The map is a picture for the eye; the table drawn beside it is the
accessible version, with the same links.
"""

import json
import math
from functools import lru_cache

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from guichet.territoire.chargement import DATA_DIR

from .francais import sans_accents

# Moval (90073) merged into Meroux-Moval (90068) on 1 January 2019; the file predates it.
FUSIONS = {"90073": "90068"}
LARGEUR = 600
# Number of requests → colour, from the DSFR « bleu France » scale (grey for none).
PALIER = [(10, "#000091"), (5, "#6a6af4"), (2, "#a1a1f8"), (1, "#cacafb"), (0, "#eeeeee")]
LEGENDE = [
    ("0", "#eeeeee"),
    ("1", "#cacafb"),
    ("2 à 4", "#a1a1f8"),
    ("5 à 9", "#6a6af4"),
    ("10 et plus", "#000091"),
]


def couleur(nombre):
    return next(teinte for seuil, teinte in PALIER if nombre >= seuil)


def _anneaux(geometrie):
    if geometrie["type"] == "Polygon":
        return geometrie["coordinates"]
    return [anneau for polygone in geometrie["coordinates"] for anneau in polygone]


@lru_cache(maxsize=1)
def communes_svg():
    """``({insee: (nom, path)}, (largeur, hauteur))`` for the 101 communes, computed once."""
    donnees = json.loads((DATA_DIR / "communes-90.geojson").read_text(encoding="utf-8"))
    anneaux = {}
    noms = {}
    for entite in donnees["features"]:
        code = entite["properties"]["code"]
        cible = FUSIONS.get(code, code)
        anneaux.setdefault(cible, []).extend(_anneaux(entite["geometry"]))
        if code == cible:
            noms[cible] = entite["properties"]["nom"]
    points = [p for liste in anneaux.values() for anneau in liste for p in anneau]
    lon_min, lon_max = min(p[0] for p in points), max(p[0] for p in points)
    lat_min, lat_max = min(p[1] for p in points), max(p[1] for p in points)
    # Equirectangular, shrunk east-west by cos(latitude) so the shape is not stretched.
    etirement = math.cos(math.radians((lat_min + lat_max) / 2))
    echelle = LARGEUR / ((lon_max - lon_min) * etirement)
    hauteur = round((lat_max - lat_min) * echelle, 1)

    def chemin(anneau):
        coordonnees = " ".join(
            f"{(lon - lon_min) * etirement * echelle:.1f},{(lat_max - lat) * echelle:.1f}"
            for lon, lat in anneau
        )
        return f"M{coordonnees}Z"

    # Numbers, commas and letters only: safe as they are, not escaped again at each drawing.
    return (
        {
            code: (noms[code], mark_safe("".join(chemin(a) for a in liste)))  # noqa: S308
            for code, liste in anneaux.items()
        },
        (LARGEUR, hauteur),
    )


def a_des_contours(comptes):
    """Whether the shipped contours hold every commune of ``comptes`` with a request, and there
    is one: a map of the Territoire de Belfort would otherwise be empty, or silent about the
    communes of other départements."""
    communes, _ = communes_svg()
    codes = [FUSIONS.get(code, code) for code, nombre in comptes.items() if nombre]
    return bool(codes) and all(code in communes for code in codes)


def libelle(nom, nombre):
    return f"{nom} : {nombre} demande{'s' if nombre > 1 else ''}"


def carte_svg(comptes, *, noms=None, url=None, titre="Demandes par commune"):
    """The map: each commune coloured by its number of requests and linked to ``url(insee)``;
    an empty string where the contours do not cover the communes (``a_des_contours``), so that
    the page shows the table alone.

    The links are out of the tab order (``tabindex=-1``): keyboard and screen-reader users get
    the same links in the table of ``tableau_alternatif``.
    """
    if not a_des_contours(comptes):
        return ""
    communes, (largeur, hauteur) = communes_svg()
    noms = noms or {}
    formes = []
    for code, (nom_fichier, chemin) in sorted(communes.items()):
        nom = noms.get(code, nom_fichier)
        nombre = comptes.get(code, 0)
        forme = format_html(
            '<path d="{}" fill="{}" stroke="#ffffff" stroke-width="0.8"><title>{}</title></path>',
            chemin,
            couleur(nombre),
            libelle(nom, nombre),
        )
        if url is not None:
            forme = format_html('<a href="{}" tabindex="-1">{}</a>', url(code), forme)
        formes.append(forme)
    return format_html(
        '<svg class="guichet-carte" viewBox="0 0 {} {}" width="100%" aria-hidden="true" '
        'focusable="false" xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        largeur,
        hauteur,
        titre,
        mark_safe("".join(formes)),  # noqa: S308 (each shape was built with format_html)
    )


def legende():
    return format_html(
        '<ul class="guichet-legende">{}</ul>',
        format_html_join(
            "",
            '<li><svg width="14" height="14" aria-hidden="true" focusable="false">'
            '<rect width="14" height="14" fill="{}" stroke="#666666"/></svg> {}</li>',
            ((teinte, texte) for texte, teinte in LEGENDE),
        ),
    )


def tableau_alternatif(comptes, noms):
    """``(nom, insee, nombre)`` of the communes with requests, most first, then by name in
    French order."""
    return sorted(
        ((noms.get(code, code), code, nombre) for code, nombre in comptes.items() if nombre),
        key=lambda ligne: (-ligne[2], sans_accents(ligne[0])),
    )


def graphique_thematiques(lignes, *, url=None):
    """Requests per theme as a list with bars; the number is in the text, the bar is decor."""
    maximum = max((nombre for _, _, nombre in lignes), default=0) or 1
    elements = []
    for nom, slug, nombre in lignes:
        largeur = round(200 * nombre / maximum)
        etiquette = format_html('<a href="{}">{}</a>', url(slug), nom) if url else nom
        elements.append(
            format_html(
                '<li><span class="guichet-barre__nom">{}</span> '
                '<svg width="200" height="12" viewBox="0 0 200 12" preserveAspectRatio="none" '
                'aria-hidden="true" focusable="false">'
                '<rect width="{}" height="12" fill="#000091"/></svg> '
                '<span class="guichet-barre__nombre">{}</span></li>',
                etiquette,
                largeur,
                nombre,
            )
        )
    return format_html('<ul class="guichet-barres">{}</ul>', mark_safe("".join(elements)))  # noqa: S308
