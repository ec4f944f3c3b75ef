"""Server-rendered map of the communes and bar chart of the themes, for the triage dashboard.

Plain SVG and HTML: no tiles, no script, nothing from a CDN. The Content-Security-Policy forbids
inline styles (``style-src 'self'``), so colours are SVG presentation attributes and every other
rule lives in ``static/guichet/carte.css``.
"""

import functools
import json
import math
import types
import unicodedata
from importlib import resources

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

LARGEUR = 600
MARGE = 4
FICHIER = resources.files("guichet.territoire") / "data" / "communes-90.geojson"

# The boundaries predate 1 January 2019, when Moval joined Meroux to form Meroux-Moval under
# Meroux's code: the file still has Moval's polygon and the old name "Meroux".
FUSIONS = {"90073": "90068"}
NOMS_APRES_FUSION = {"90068": "Meroux-Moval"}

# Fixed thresholds rather than ones computed from the maximum, so that a colour keeps the same
# meaning from one filter to the next. Colours are hex values of the DSFR palette (grey 950, then
# blue-france 850, 625, sun-113 hover and sun-113, evenly spaced in lightness): presentation
# attributes are how a shape gets its colour under this CSP, and no spec defines var() in them
# (w3c/svgwg#987) even though browsers accept it.
CLASSES = (
    (0, "0", "#eeeeee"),
    (1, "1", "#cacafb"),
    (2, "2 à 4", "#8585f6"),
    (5, "5 à 9", "#1212ff"),
    (10, "10 et plus", "#000091"),
)
CONTOUR_LEGENDE = "#666666"
COULEUR_BARRE = "#000091"


def _nombre(valeur):
    return f"{valeur:.1f}".removesuffix(".0")


def _anneaux(geometrie):
    if geometrie["type"] == "Polygon":
        return geometrie["coordinates"]
    if geometrie["type"] == "MultiPolygon":
        return [anneau for polygone in geometrie["coordinates"] for anneau in polygone]
    raise ValueError(f"Géométrie non prise en charge : {geometrie['type']}")


@functools.lru_cache(maxsize=1)
def _projection():
    """Read the file once; return ``({insee: (nom, d)}, largeur, hauteur)``."""
    features = json.loads(FICHIER.read_text(encoding="utf-8"))["features"]
    points = [
        point
        for feature in features
        for anneau in _anneaux(feature["geometry"])
        for point in anneau
    ]
    lon_min = min(lon for lon, _ in points)
    lon_max = max(lon for lon, _ in points)
    lat_min = min(lat for _, lat in points)
    lat_max = max(lat for _, lat in points)
    # At 47.6° N a degree of longitude is about two thirds of a degree of latitude: without this
    # factor the département would look a third too wide.
    facteur_x = math.cos(math.radians((lat_min + lat_max) / 2))
    echelle = (LARGEUR - 2 * MARGE) / ((lon_max - lon_min) * facteur_x)
    hauteur = round((lat_max - lat_min) * echelle + 2 * MARGE, 1)

    def chemin(anneau):
        segments = []
        for lon, lat in anneau:
            # SVG's y axis points down, so the north must get the smallest y.
            point = (
                _nombre((lon - lon_min) * facteur_x * echelle + MARGE),
                _nombre((lat_max - lat) * echelle + MARGE),
            )
            if not segments or segments[-1] != point:
                segments.append(point)
        # "Z" already closes the ring back to its first point.
        if len(segments) > 1 and segments[-1] == segments[0]:
            segments.pop()
        premier, *suite = segments
        return "M{} {}".format(*premier) + "L" + " ".join(f"{x} {y}" for x, y in suite) + "Z"

    communes = {}
    for feature in features:
        insee = FUSIONS.get(feature["properties"]["code"], feature["properties"]["code"])
        nom = NOMS_APRES_FUSION.get(insee, feature["properties"]["nom"])
        d = "".join(chemin(anneau) for anneau in _anneaux(feature["geometry"]))
        if insee in communes:
            d = communes[insee][1] + d
        communes[insee] = (nom, d)
    return types.MappingProxyType(dict(sorted(communes.items()))), LARGEUR, hauteur


def communes_svg():
    """``{insee: (nom, d)}`` for the 101 communes, ``d`` being an SVG path in the viewBox.

    The mapping is shared between calls (it is cached), hence read-only.
    """
    return _projection()[0]


def dimensions():
    """``(largeur, hauteur)`` of the viewBox the paths of ``communes_svg`` are drawn in."""
    return _projection()[1:]


def classe(nombre):
    """Index in ``CLASSES`` of the colour for ``nombre`` demandes."""
    return max(i for i, (seuil, _, _) in enumerate(CLASSES) if nombre >= seuil)


def libelle_demandes(nombre):
    # French treats 0 like 1: « 0 demande ».
    return f"{nombre} demande" if nombre <= 1 else f"{nombre} demandes"


def legende(titre="Nombre de demandes par commune"):
    """The colours of the map as an HTML list, each swatch drawn as a tiny SVG."""
    return format_html(
        '<p class="guichet-carte__legende-titre">{}</p><ul class="guichet-carte__legende">{}</ul>',
        titre,
        format_html_join(
            "",
            '<li><svg class="guichet-carte__pastille" viewBox="0 0 16 16" width="16" height="16"'
            ' aria-hidden="true" focusable="false"><rect x="0.5" y="0.5" width="15" height="15"'
            ' fill="{}" stroke="{}"/></svg>{}</li>',
            ((couleur, CONTOUR_LEGENDE, texte) for _, texte, couleur in CLASSES),
        ),
    )


def carte_svg(
    comptes,
    *,
    noms=None,
    url=None,
    titre="Demandes par commune",
    identifiant="carte-communes",
    avec_legende=True,
):
    """The map, coloured by ``comptes`` (``{insee: nombre}``), followed by its legend.

    ``noms`` (``{insee: nom}``, from the database) wins over the names of the 2018 file.
    ``url(insee)`` gives each commune's link, typically the dashboard filtered on it; without
    it the communes are plain shapes. Codes of ``comptes`` that are not on the map (EPCI, the
    département) are ignored; nothing is summed here, the caller counts Meroux-Moval under 90068.
    ``identifiant`` prefixes the ids of the title and description, for two maps on one page.
    """
    noms = noms or {}
    largeur, hauteur = dimensions()
    communes = communes_svg()
    nombres = {insee: comptes.get(insee, 0) for insee in communes}
    total = sum(nombres.values())
    touchees = sum(1 for nombre in nombres.values() if nombre)

    formes = []
    for insee, (nom_fichier, d) in communes.items():
        nombre = nombres[insee]
        index = classe(nombre)
        info = f"{noms.get(insee) or nom_fichier} : {libelle_demandes(nombre)}"
        forme = format_html(
            '<path d="{}" class="guichet-carte__commune guichet-carte__commune--{}" fill="{}"'
            ' fill-rule="evenodd" stroke="#ffffff" stroke-width="1" stroke-linejoin="round"'
            ' vector-effect="non-scaling-stroke">{}</path>',
            d,
            index,
            CLASSES[index][2],
            # A link takes its accessible name from its own <title>: the path then needs none.
            "" if url else format_html("<title>{}</title>", info),
        )
        if url:
            forme = format_html(
                '<a href="{}" class="guichet-carte__lien"><title>{}</title>{}</a>',
                url(insee),
                info,
                forme,
            )
        formes.append(forme)

    description = (
        f"Les {len(communes)} communes du Territoire de Belfort, colorées selon le nombre de "
        f"demandes : {libelle_demandes(total)} dans {touchees} commune"
        + ("s" if touchees > 1 else "")
        + "."
        + (" Chaque commune est un lien qui filtre la liste." if url else "")
    )
    svg = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="guichet-carte__svg" viewBox="0 0 {} {}"'
        ' aria-labelledby="{}-titre" aria-describedby="{}-description">'
        '<title id="{}-titre">{}</title><desc id="{}-description">{}</desc>{}</svg>',
        largeur,
        _nombre(hauteur),
        identifiant,
        identifiant,
        identifiant,
        titre,
        identifiant,
        description,
        SafeString("".join(formes)),
    )
    return format_html(
        '<div class="guichet-carte">{}{}</div>', svg, legende() if avec_legende else ""
    )


def _cle_alphabetique(nom):
    # Accents out and case folded, so that « Étueffont » sorts among the E and not after Z.
    decompose = unicodedata.normalize("NFKD", nom)
    return "".join(c for c in decompose if not unicodedata.combining(c)).casefold()


def tableau_alternatif(comptes, noms=None):
    """``[(nom, insee, nombre)]`` of the communes with at least one demande, most first.

    The text alternative of the map: the communes it leaves grey are the ones not listed.
    Names come from ``noms`` when given, as on the map.
    """
    noms = noms or {}
    lignes = [
        (noms.get(insee) or nom_fichier, insee, comptes.get(insee, 0))
        for insee, (nom_fichier, _) in communes_svg().items()
    ]
    return sorted(
        (ligne for ligne in lignes if ligne[2] > 0),
        key=lambda ligne: (-ligne[2], _cle_alphabetique(ligne[0]), ligne[1]),
    )


def graphique_thematiques(lignes, *, url=None, titre="Demandes par thématique"):
    """A DSFR table of ``lignes`` (``[(nom, cle, nombre)]``) with a horizontal bar per row.

    ``url(cle)`` links each theme, typically to the dashboard filtered on it; ``cle`` is
    whatever identifies the theme for the caller (slug or pk). The bar is an SVG rect whose
    width is an attribute, not a style, and is hidden from assistive technologies: the number
    is written next to it.
    """
    if not lignes:
        return format_html('<p class="guichet-barres__vide">{}</p>', "Aucune demande à répartir.")
    maximum = max(nombre for _, _, nombre in lignes) or 1
    rangees = []
    for nom, cle, nombre in lignes:
        libelle = format_html('<a href="{}">{}</a>', url(cle), nom) if url else nom
        rangees.append(
            format_html(
                '<tr><th scope="row">{}</th><td><span class="guichet-barres__valeur">'
                '<svg class="guichet-barres__barre" viewBox="0 0 100 10" width="160" height="12"'
                ' preserveAspectRatio="none" aria-hidden="true" focusable="false">'
                '<rect width="{}" height="10" fill="{}"/></svg>{}</span></td></tr>',
                libelle,
                _nombre(round(100 * nombre / maximum, 1)),
                COULEUR_BARRE,
                nombre,
            )
        )
    return format_html(
        '<div class="fr-table fr-table--sm fr-table--no-caption guichet-barres">'
        '<div class="fr-table__wrapper"><div class="fr-table__container">'
        '<div class="fr-table__content"><table><caption>{}</caption><thead><tr>'
        '<th scope="col">Thématique</th><th scope="col">Demandes</th></tr></thead>'
        "<tbody>{}</tbody></table></div></div></div></div>",
        titre,
        SafeString("".join(rangees)),
    )
