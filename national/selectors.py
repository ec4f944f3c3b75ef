"""The national view's figures: every filed demande of the country, counted by département, by
theme and by national programme, with their outcomes and the median delay of taking charge.

Counts only, never a demande: no title, no collectivité, no link leaves these queries. Each
table is one grouped query (conditional counts over a join), whatever the number of demandes or
départements; the national totals are one more, counted apart, so that a test can hold them
against the sum of the rows. The figures read the whole table, so they are kept in Django's
cache under the version of the demandes that every service changes on commit
(``demandes.chiffres``) and under this module's code, like the dashboard's general figures.
"""

import collections
import datetime
import hashlib
import statistics
from pathlib import Path

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, DurationField, ExpressionWrapper, F, Min, Q
from django.utils import timezone

from demandes import chiffres
from demandes.models import Demande, Statut
from guichet.territoire.models import Departement, ProgrammeNational, Thematique
from tableau.francais import sans_accents
from tableau.selectors import MedianePostgres

S = Statut

# From a département to its demandes, and back: ``Demande.departement`` (denormalised, indexed).
DEMANDES_DU_DEPARTEMENT = "demandes"
DEPARTEMENT_DE_LA_DEMANDE = "departement"

# The outcomes of a filed demande, from the statuses of ``demandes/workflow.py``: every filed
# demande is in exactly one of them, so the four add up to the filed ones.
ISSUES = {
    "en_cours": frozenset(
        {S.DEPOSEE, S.EN_INSTRUCTION, S.A_COMPLETER, S.ORIENTEE, S.INSCRITE_COMITE}
    ),
    "accompagnees": frozenset({S.ACCOMPAGNEE}),
    "cloturees": frozenset({S.CLOTUREE}),
    "classees": frozenset({S.CLASSEE_SANS_SUITE}),
}
STATUTS_DEPOSES = frozenset().union(*ISSUES.values())
COLONNES = ["deposees", *ISSUES]

VERSION_DU_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
DUREE_EN_CACHE = 5 * 60


def bornes_de_l_annee(annee):
    """``[1 January, next 1 January)`` of ``annee`` in the portal's time zone."""
    fuseau = timezone.get_current_timezone()
    return (
        datetime.datetime(annee, 1, 1, tzinfo=fuseau),
        datetime.datetime(annee + 1, 1, 1, tzinfo=fuseau),
    )


def _demandes(chemin="", annee=None):
    """The condition « a filed demande (of ``annee``) », seen through ``chemin``."""
    prefixe = f"{chemin}__" if chemin else ""
    condition = Q(**{f"{prefixe}statut__in": STATUTS_DEPOSES})
    if annee is not None:
        debut, fin = bornes_de_l_annee(annee)
        condition &= Q(**{f"{prefixe}date_depot__gte": debut, f"{prefixe}date_depot__lt": fin})
    return condition


def _comptes(chemin="", annee=None):
    """The conditional counts of ``COLONNES``, over the demandes reached through ``chemin``."""
    prefixe = f"{chemin}__" if chemin else ""
    base = _demandes(chemin, annee)
    comptes = {"deposees": Count(f"{prefixe}pk", filter=base)}
    for colonne, statuts in ISSUES.items():
        comptes[colonne] = Count(
            f"{prefixe}pk", filter=base & Q(**{f"{prefixe}statut__in": statuts})
        )
    return comptes


def _delai(chemin=""):
    prefixe = f"{chemin}__" if chemin else ""
    return ExpressionWrapper(
        F(f"{prefixe}date_prise_en_charge") - F(f"{prefixe}date_depot"),
        output_field=DurationField(),
    )


def _en_jours(duree):
    return None if duree is None else round(duree.total_seconds() / 86400, 1)


def _pris_en_charge(chemin=""):
    prefixe = f"{chemin}__" if chemin else ""
    return Q(**{f"{prefixe}date_prise_en_charge__isnull": False})


def _medianes_par_departement(annee):
    """``{departement_id: median days}``, for SQLite: one query reads the delays, Python takes
    their medians (PostgreSQL computes them in the table's own query)."""
    delais = collections.defaultdict(list)
    lignes = (
        Demande.objects.order_by()
        .filter(_demandes(annee=annee) & _pris_en_charge())
        .annotate(delai=_delai())
        .values_list(DEPARTEMENT_DE_LA_DEMANDE, "delai")
    )
    for departement_id, delai in lignes:
        delais[departement_id].append(delai)
    return {cle: _en_jours(statistics.median(liste)) for cle, liste in delais.items()}


def par_departement(annee=None):
    """One row per département, in the order of their codes (01, 02, …, 2A, 2B, …, 976): its
    code and name, its counts, and the median days from filing to taking charge (None when no
    demande was taken charge of)."""
    annotations = _comptes(DEMANDES_DU_DEPARTEMENT, annee)
    postgres = connection.vendor == "postgresql"
    if postgres:
        annotations["delai"] = MedianePostgres(
            _delai(DEMANDES_DU_DEPARTEMENT),
            filter=_demandes(DEMANDES_DU_DEPARTEMENT, annee)
            & _pris_en_charge(DEMANDES_DU_DEPARTEMENT),
        )
    lignes = list(
        Departement.objects.order_by("code")
        .annotate(**annotations)
        .values("pk", "code", "nom", *annotations)
    )
    medianes = None if postgres else _medianes_par_departement(annee)
    for ligne in lignes:
        ligne["delai"] = _en_jours(ligne["delai"]) if postgres else medianes.get(ligne["pk"])
    return lignes


def _par_reference(modele, annee):
    """One row per theme or programme (``modele``), with its counts: a demande of several
    themes counts in each."""
    return sorted(
        modele.objects.order_by()
        .annotate(**_comptes("demandes", annee))
        .values("pk", "nom", *COLONNES),
        key=lambda ligne: (-ligne["deposees"], sans_accents(ligne["nom"])),
    )


def par_thematique(annee=None):
    return _par_reference(Thematique, annee)


def par_programme(annee=None):
    return _par_reference(ProgrammeNational, annee)


def totaux(annee=None):
    """The national totals, counted on the demandes themselves (not summed from the rows),
    with the national median delay of taking charge. One query on PostgreSQL."""
    demandes = Demande.objects.order_by().filter(_demandes(annee=annee))
    if connection.vendor == "postgresql":
        resultat = demandes.aggregate(
            **_comptes(),
            delai=MedianePostgres(_delai(), filter=_pris_en_charge()),
        )
        resultat["delai"] = _en_jours(resultat["delai"])
        return resultat
    resultat = demandes.aggregate(**_comptes())
    delais = list(
        demandes.filter(_pris_en_charge()).annotate(d=_delai()).values_list("d", flat=True)
    )
    resultat["delai"] = _en_jours(statistics.median(delais)) if delais else None
    return resultat


def annees():
    """The years a visitor may choose: from the first filing to this year, latest first (one
    query, on the index of the filing dates)."""
    premiere = Demande.objects.order_by().filter(_demandes()).aggregate(d=Min("date_depot"))["d"]
    cette_annee = timezone.localdate().year
    debut = timezone.localtime(premiere).year if premiere else cette_annee
    return list(range(cette_annee, debut - 1, -1))


def chiffres_nationaux(annee=None):
    """Everything the page shows, for ``annee`` (every year when None), from the cache when
    nothing changed since it was counted (five minutes at most)."""
    cle = f"national:{VERSION_DU_CODE}:{chiffres.version()}:{annee or 'toutes'}"
    return cache.get_or_set(
        cle,
        lambda: {
            "totaux": totaux(annee),
            "departements": par_departement(annee),
            "thematiques": par_thematique(annee),
            "programmes": par_programme(annee),
        },
        DUREE_EN_CACHE,
    )
