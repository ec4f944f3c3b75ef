"""The home page's to-dos: what waits on the person, counted, each with a link to do it.

The apps that hold the work say what it is (``ACCUEIL_A_FAIRE`` in the settings names their
functions); the ground names none of them.
"""

import functools
import operator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Min
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class AFaire:
    """One line of the person's to-dos: « 2 demandes à prendre en charge »."""

    libelle: str
    # Where to do it; None when there is nothing to do.
    url: str | None
    detail: str = ""


@dataclass(frozen=True)
class Compte:
    nombre: int
    # The smallest id among the rows counted: the row itself when it is alone.
    premier: int | None


def accorder(nombre, singulier, pluriel, *, feminin):
    """« aucune demande à prendre en charge », « 1 demande … », « 2 demandes … »: in French,
    none and one take the singular, and none is said in words."""
    if not nombre:
        return f"{'aucune' if feminin else 'aucun'} {singulier}"
    return f"{nombre} {singulier if nombre == 1 else pluriel}"


def compter_par_filtre(queryset, champ="pk", **filtres):
    """For each named ``Q`` filter, how many rows of ``queryset`` match it and the smallest
    ``champ`` among them. One query, whatever the number of filters, reading only the rows
    that match one of them (through their indexes, not the whole table)."""
    agregats = {}
    for nom, filtre in filtres.items():
        agregats[nom] = Count("pk", filter=filtre)
        agregats[f"{nom}__premier"] = Min(champ, filter=filtre)
    resultat = queryset.filter(functools.reduce(operator.or_, filtres.values())).aggregate(
        **agregats
    )
    return {nom: Compte(resultat[nom], resultat[f"{nom}__premier"]) for nom in filtres}


def a_faire(user):
    """Everything waiting on ``user``, in the order of ``ACCUEIL_A_FAIRE``."""
    if not user.is_authenticated:
        return []
    return [tache for chemin in settings.ACCUEIL_A_FAIRE for tache in import_string(chemin)(user)]
