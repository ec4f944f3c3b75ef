"""The open data: a public page, the two tables in CSV and JSON, their Table Schemas.

Public and read-only: no login, no form, no cookie needed. The files may be fetched from any
site (``Access-Control-Allow-Origin: *``), as open data usually is.
"""

import csv
import io

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from guichet.territoire.models import Collectivite, TypeCollectivite
from tableau import cartographie

from . import schemas, selectors


def _ouvert(reponse):
    reponse["Access-Control-Allow-Origin"] = "*"
    return reponse


def _csv(lignes, schema, nom):
    tampon = io.StringIO()
    ecrivain = csv.DictWriter(tampon, fieldnames=schemas.colonnes(schema), lineterminator="\r\n")
    ecrivain.writeheader()
    ecrivain.writerows(lignes)
    reponse = HttpResponse(tampon.getvalue(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'inline; filename="{nom}"'
    return _ouvert(reponse)


def _json(donnees):
    return _ouvert(
        JsonResponse(donnees, safe=False, json_dumps_params={"ensure_ascii": False, "indent": 1})
    )


def _lignes_json(lignes):
    return [
        {
            cle: valeur.isoformat() if hasattr(valeur, "isoformat") else valeur
            for cle, valeur in ligne.items()
        }
        for ligne in lignes
    ]


@require_GET
def index(request):
    projets = selectors.projets()
    stats = selectors.statistiques(projets)
    comptes = selectors.projets_par_commune(projets)
    noms = dict(
        Collectivite.objects.filter(
            type=TypeCollectivite.COMMUNE, code_insee__in=list(comptes)
        ).values_list("code_insee", "nom")
    )
    return render(
        request,
        "donnees/index.html",
        {
            "projets": projets,
            "nombre": len(projets),
            "stats": stats,
            "carte": cartographie.carte_svg(comptes, titre="Projets accompagnés par commune"),
            "legende": cartographie.legende(),
            "communes": cartographie.tableau_alternatif(comptes, noms),
            "licence": schemas.LICENCE,
            "departements": selectors.departements_des_projets(projets),
        },
    )


@require_GET
def projets_csv(request):
    return _csv(selectors.projets(), schemas.PROJETS, "projets-accompagnes.csv")


@require_GET
def projets_json(request):
    return _json(_lignes_json(selectors.projets()))


@require_GET
def statistiques_csv(request):
    lignes = selectors.lignes_statistiques(selectors.statistiques(selectors.projets()))
    return _csv(lignes, schemas.STATISTIQUES, "statistiques-projets-accompagnes.csv")


@require_GET
def statistiques_json(request):
    return _json(selectors.lignes_statistiques(selectors.statistiques(selectors.projets())))


@require_GET
def schema_projets(request):
    return _json(schemas.PROJETS)


@require_GET
def schema_statistiques(request):
    return _json(schemas.STATISTIQUES)


@require_GET
def datapackage(request):
    """The Data Package that ties the four files, their schemas and the licence together."""

    def absolu(nom):
        return request.build_absolute_uri(f"/donnees/{nom}")

    ressources = [
        ("projets-accompagnes", "projets.csv", "csv", "schema.json"),
        ("projets-accompagnes-json", "projets.json", "json", "schema.json"),
        ("statistiques", "statistiques.csv", "csv", "schema-statistiques.json"),
        ("statistiques-json", "statistiques.json", "json", "schema-statistiques.json"),
    ]
    return _json(
        {
            "name": "guichet-unique-projets-accompagnes",
            "description": schemas.PROJETS["description"],
            "title": schemas.PROJETS["title"],
            "licenses": [schemas.LICENCE],
            "resources": [
                {
                    "name": nom,
                    "path": absolu(fichier),
                    "format": format_,
                    "mediatype": "text/csv" if format_ == "csv" else "application/json",
                    "encoding": "utf-8",
                    "schema": absolu(schema),
                }
                for nom, fichier, format_, schema in ressources
            ],
        }
    )
