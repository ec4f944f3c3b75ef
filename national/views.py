"""The national view: read-only figures of every département, for the ANCT.

Figures only: the page names départements, themes and programmes, never a demande, a
collectivité or a person, and links to nothing but its own rows.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from guichet.comptes.roles import voit_la_vue_nationale

from . import carte, selectors


def ancre(code):
    """The id of a département's row in the table, which the map links to."""
    return f"departement-{code}"


def _annee(request, annees):
    """The year asked for by ``?annee=``, when it is one the page offers; else every year."""
    # Compared as text: « ² » or 5,000 nines pass str.isdigit() but make int() raise.
    return {str(annee): annee for annee in annees}.get(request.GET.get("annee", ""))


def _reste(totaux, lignes):
    """What the rows leave out of the national totals, as a row, when something is left: the
    demandes of collectivités without a département (a région) below the départements, those
    without a national programme below the programmes. With it, the rows add up to the totals
    (a demande has one collectivité and at most one programme)."""
    reste = {
        colonne: totaux[colonne] - sum(ligne[colonne] for ligne in lignes)
        for colonne in selectors.COLONNES
    }
    return reste if reste["deposees"] else None


@login_required
@require_GET
def index(request):
    if not voit_la_vue_nationale(request.user):
        raise PermissionDenied("La vue nationale est réservée aux agents de l'ANCT.")
    annees = selectors.annees()
    annee = _annee(request, annees)
    chiffres = selectors.chiffres_nationaux(annee)
    lignes = chiffres["departements"]
    for ligne in lignes:
        ligne["ancre"] = ancre(ligne["code"])
    classes = carte.paliers(max((ligne["deposees"] for ligne in lignes), default=0))
    return render(
        request,
        "national/index.html",
        {
            "annee": annee,
            "annees": annees,
            "compte_le": chiffres["compte_le"],
            "fraicheur_minutes": max(1, settings.VUE_NATIONALE_FRAICHEUR // 60),
            "totaux": chiffres["totaux"],
            "departements": lignes,
            "hors_departement": _reste(chiffres["totaux"], lignes),
            "thematiques": chiffres["thematiques"],
            "programmes": chiffres["programmes"],
            "sans_programme": _reste(chiffres["totaux"], chiffres["programmes"]),
            "carte": carte.carte_svg(lignes, classes, ancre),
            "legende": carte.legende(classes),
            "description_carte": carte.description(lignes),
            "attribution": carte.ATTRIBUTION,
            "licence_carte": carte.LICENCE,
        },
    )
