"""The national view's figures: every filed demande of the country, counted by département, by
theme and by national programme, with their outcomes and the median delay of taking charge.

Counts only, never a demande: no title, no collectivité, no link leaves these queries. Each
table is a count grouped by status (plus a grouped median for the départements' delays),
whatever the number of demandes or départements; the national totals are counted apart, so that
a test can hold them against the sum of the rows. The figures read the whole country's table
(2 to 3 s at 1,000,000 demandes, bench/RESULTS.md), so they are counted at most once every
``settings.VUE_NATIONALE_FRAICHEUR`` seconds (five minutes) and the page says when: with 101
départements at work, some demande changes every few seconds, and figures kept only until the
next change would be counted again at nearly every visit. The ANCT reads them, it never acts on
a demande: nobody sees figures older than their own action.
"""

import collections
import datetime
import hashlib
import statistics
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, DurationField, ExpressionWrapper, F, Min, Q
from django.utils import timezone

from demandes.models import Demande, Statut
from guichet.territoire.models import Departement, ProgrammeNational, Thematique
from tableau.francais import sans_accents
from tableau.selectors import MedianePostgres

S = Statut

# From a demande to its département: ``Demande.departement`` (denormalised, indexed).
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


def _comptes_par(modele, annee, cle=None, chemin=""):
    """``{key: {column: count}}`` (zeros for a key without any): the filed demandes of ``annee``
    reached from ``modele`` through ``chemin``, counted by ``cle`` (key ``None`` for all of them)
    and by status in the database (« GROUP BY cle, statut », which the index of the département
    and the status answers for the demandes themselves), then added up here into ``COLONNES``.
    At 1,000,000 demandes, this grouped count is ten times faster than five conditional counts
    over every row (bench/RESULTS.md, issue #23)."""
    statut = f"{chemin}__statut" if chemin else "statut"
    comptes = collections.defaultdict(lambda: dict.fromkeys(COLONNES, 0))
    lignes = (
        modele.objects.order_by()
        .filter(_demandes(chemin, annee))
        .values_list(*([cle] if cle else []), statut)
        .annotate(nombre=Count("*"))
    )
    for *valeur, statut_de_la_ligne, nombre in lignes:
        compte = comptes[valeur[0] if cle else None]
        compte["deposees"] += nombre
        for colonne, statuts in ISSUES.items():
            if statut_de_la_ligne in statuts:
                compte[colonne] += nombre
    return comptes


def _delai():
    return ExpressionWrapper(
        F("date_prise_en_charge") - F("date_depot"), output_field=DurationField()
    )


def _en_jours(duree):
    return None if duree is None else round(duree.total_seconds() / 86400, 1)


def _pris_en_charge():
    return Q(date_prise_en_charge__isnull=False)


def _medianes(annee, cle=None):
    """``{key: median days}`` from filing to taking charge, by ``cle`` (``{None: …}`` for the
    country): PostgreSQL takes the medians in one grouped query; SQLite has no median, so one
    query reads the delays and Python takes their medians."""
    demandes = Demande.objects.order_by().filter(_demandes(annee=annee) & _pris_en_charge())
    if connection.vendor == "postgresql":
        if cle is None:
            return {None: _en_jours(demandes.aggregate(delai=MedianePostgres(_delai()))["delai"])}
        lignes = demandes.values_list(cle).annotate(delai=MedianePostgres(_delai()))
        return {valeur: _en_jours(delai) for valeur, delai in lignes}
    delais = collections.defaultdict(list)
    for valeur, delai in demandes.annotate(delai=_delai()).values_list(cle or "pk", "delai"):
        delais[None if cle is None else valeur].append(delai)
    return {valeur: _en_jours(statistics.median(liste)) for valeur, liste in delais.items()}


def par_departement(annee=None):
    """One row per département, in the order of their codes (01, 02, …, 2A, 2B, …, 976): its
    code and name, its counts, and the median days from filing to taking charge (None when no
    demande was taken charge of)."""
    comptes = _comptes_par(Demande, annee, DEPARTEMENT_DE_LA_DEMANDE)
    medianes = _medianes(annee, DEPARTEMENT_DE_LA_DEMANDE)
    lignes = list(Departement.objects.order_by("code").values("pk", "code", "nom"))
    for ligne in lignes:
        ligne.update(comptes[ligne["pk"]], delai=medianes.get(ligne["pk"]))
    return lignes


def _par_reference(modele, comptes):
    """One row per theme or programme (``modele``), with its ``comptes``, most filed first."""
    lignes = list(modele.objects.order_by().values("pk", "nom"))
    for ligne in lignes:
        ligne.update(comptes[ligne["pk"]])
    return sorted(lignes, key=lambda ligne: (-ligne["deposees"], sans_accents(ligne["nom"])))


def par_thematique(annee=None):
    """A demande of several themes counts in each (rows of the link table, by theme)."""
    comptes = _comptes_par(Demande.thematiques.through, annee, "thematique", chemin="demande")
    return _par_reference(Thematique, comptes)


def par_programme(annee=None):
    return _par_reference(ProgrammeNational, _comptes_par(Demande, annee, "programme"))


def totaux(annee=None):
    """The national totals, counted on the demandes themselves (not summed from the rows),
    with the national median delay of taking charge."""
    return {**_comptes_par(Demande, annee)[None], "delai": _medianes(annee).get(None)}


def annees():
    """The years a visitor may choose: from the first filing to this year, latest first (one
    query, on the index of the filing dates)."""
    premiere = Demande.objects.order_by().filter(_demandes()).aggregate(d=Min("date_depot"))["d"]
    cette_annee = timezone.localdate().year
    debut = timezone.localtime(premiere).year if premiere else cette_annee
    return list(range(cette_annee, debut - 1, -1))


def _compter(annee):
    """Everything the page shows for ``annee``, counted now. Unlike the portal's other queries,
    these read the whole country's table: PostgreSQL may spread them over two of its parallel
    workers, which the portal's connections otherwise forbid (``guichet/settings.py``), for
    these queries only (3.0 s → 2.2 s at 1,000,000 demandes). ``SET LOCAL`` ends with the
    transaction, or with the savepoint if it fails, and is set back by hand otherwise, for when
    the count runs within a longer transaction."""
    postgresql = connection.vendor == "postgresql"
    with transaction.atomic():
        if postgresql:
            with connection.cursor() as curseur:
                curseur.execute("SET LOCAL max_parallel_workers_per_gather = 2")
        chiffres = {
            "compte_le": timezone.now(),
            "totaux": totaux(annee),
            "departements": par_departement(annee),
            "thematiques": par_thematique(annee),
            "programmes": par_programme(annee),
        }
        if postgresql:
            with connection.cursor() as curseur:
                curseur.execute("SET LOCAL max_parallel_workers_per_gather TO DEFAULT")
    return chiffres


def chiffres_nationaux(annee=None):
    """Everything the page shows for ``annee`` (every year when None), with the moment it was
    counted (``compte_le``), from the cache when counted less than
    ``VUE_NATIONALE_FRAICHEUR`` seconds ago (under this module's code: a deploy counts anew)."""
    return cache.get_or_set(
        f"national:{VERSION_DU_CODE}:{annee or 'toutes'}",
        lambda: _compter(annee),
        settings.VUE_NATIONALE_FRAICHEUR,
    )
