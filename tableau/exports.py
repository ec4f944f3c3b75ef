"""CSV and XLSX exports of a list of demandes, for the State staff's dashboard.

Both read the queryset in batches and never hold more than one batch of rows, so that an
export of every demande of the département stays in constant memory: the CSV is streamed as
it is written; the XLSX is written by XlsxWriter in constant-memory mode (each row to disk as
soon as the next one starts) to a temporary file, then sent from it.
"""

import csv
import datetime
import itertools
import re
import tempfile
import unicodedata
from collections import defaultdict

import xlsxwriter
from django.db import connection
from django.db.models import OuterRef
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from demandes.models import Besoin, Demande, Statut

from . import filtres

COLONNES = [
    ("Référence", "reference"),
    ("Collectivité", "collectivite"),
    ("EPCI", "epci"),
    ("Titre", "titre"),
    ("Thématiques", "thematiques"),
    ("Programme", "programme"),
    ("Besoin", "besoin"),
    ("Statut", "statut"),
    ("Référent", "referent"),
    ("Déposée le", "date_depot"),
    ("Prise en charge le", "date_prise_en_charge"),
    ("Orientée le", "date_orientation"),
    ("Jours d'attente", "jours_attente"),
    ("Budget estimé (€)", "budget_estime"),
]

LARGEURS = {
    "reference": 16,
    "collectivite": 28,
    "epci": 28,
    "titre": 50,
    "thematiques": 45,
    "programme": 26,
    "besoin": 18,
    "statut": 20,
    "referent": 24,
    "date_depot": 13,
    "date_prise_en_charge": 13,
    "date_orientation": 13,
    "jours_attente": 10,
    "budget_estime": 16,
}

# The control characters XML cannot carry (tab, line feed and carriage return can): XlsxWriter
# would escape them (``_x000B_``), which not every reader decodes; dropped from the workbook.
CONTROLES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")

# Day 0 of a spreadsheet's dates (for every date after 1 March 1900, Excel's own leap-year
# quirk included).
EPOQUE_EXCEL = datetime.date(1899, 12, 30)

TYPE_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Values only, joined in SQL: one query for the whole list instead of model instances and
# their relations, and nothing the export does not show.
CHAMPS = (
    "pk",
    "reference",
    "collectivite__nom",
    "collectivite__epci__nom",
    "titre",
    "programme__nom",
    "besoin",
    "statut",
    "referent__prenom",
    "referent__nom",
    "referent__email",
    "date_depot",
    "date_prise_en_charge",
    "date_orientation",
    "budget_estime",
)

LIBELLES_STATUT = dict(Statut.choices)
LIBELLES_BESOIN = dict(Besoin.choices)

# A spreadsheet reads a cell starting with one of these as a formula (OWASP, CSV injection),
# even behind characters it skips: controls, zero-width and bidirectional marks, spaces.
DEBUTS_DE_FORMULE = ("=", "+", "-", "@")

ZONE = timezone.get_default_timezone()


def lignes(queryset, *, maintenant=None, taille_lot=2000):
    """Yield one tuple per demande (in the queryset's order), values ready to write.

    Text is ``str`` (``""`` when blank), dates are local ``datetime.date``, waiting days and
    budget are ``int``; a missing date or number is ``None``. Columns follow ``COLONNES``.
    """
    if taille_lot < 1:
        raise ValueError("taille_lot doit être au moins 1.")
    maintenant = maintenant or timezone.now()
    # On PostgreSQL each row brings its themes (an array built by the database); elsewhere they
    # are read for each batch (one more query).
    en_sql = connection.vendor == "postgresql"
    champs = CHAMPS
    if en_sql:
        from django.contrib.postgres.expressions import ArraySubquery

        queryset = queryset.annotate(noms_des_thematiques=ArraySubquery(_noms_des_thematiques()))
        champs += ("noms_des_thematiques",)
    # A prefetch would be attempted on the value tuples and fail; the themes come with them.
    rangees = (
        queryset.prefetch_related(None)
        .values_list(*champs, named=True)
        .iterator(chunk_size=taille_lot)
    )
    while lot := list(itertools.islice(rangees, taille_lot)):
        if en_sql:
            for rangee in lot:
                yield _ligne(rangee, rangee.noms_des_thematiques, maintenant)
        else:
            thematiques = _thematiques_par_demande([rangee.pk for rangee in lot])
            for rangee in lot:
                yield _ligne(rangee, thematiques.get(rangee.pk, ()), maintenant)


def _noms_des_thematiques():
    """The theme names of the outer demande, in the order the portal shows them."""
    return (
        Demande.thematiques.through.objects.filter(demande=OuterRef("pk"))
        .order_by("thematique__ordre", "thematique__nom")
        .values("thematique__nom")
    )


def _thematiques_par_demande(pks):
    """The theme names of a whole batch in one query, in the order the portal shows them."""
    par_demande = defaultdict(list)
    liens = (
        Demande.thematiques.through.objects.filter(demande_id__in=pks)
        .order_by("thematique__ordre", "thematique__nom")
        .values_list("demande_id", "thematique__nom")
    )
    for demande_id, nom in liens:
        par_demande[demande_id].append(nom)
    return par_demande


def _ligne(rangee, thematiques, maintenant):
    return (
        rangee.reference or "",
        rangee.collectivite__nom or "",
        rangee.collectivite__epci__nom or "",
        rangee.titre,
        ", ".join(thematiques),
        rangee.programme__nom or "",
        LIBELLES_BESOIN.get(rangee.besoin, rangee.besoin),
        LIBELLES_STATUT.get(rangee.statut, rangee.statut),
        _referent(rangee),
        _date_locale(rangee.date_depot),
        _date_locale(rangee.date_prise_en_charge),
        _date_locale(rangee.date_orientation),
        _jours_attente(rangee, maintenant),
        None if rangee.budget_estime is None else int(rangee.budget_estime),
    )


def _referent(rangee):
    # Same fallback as ``User.__str__``: an account without a name is known by its email.
    nom = f"{rangee.referent__prenom or ''} {rangee.referent__nom or ''}".strip()
    return nom or rangee.referent__email or ""


def _date_locale(moment):
    # The project's time zone, not the request's: the same export for everyone, and a
    # demande filed at 00:30 in Belfort is dated that day, not the day before in UTC.
    if moment is None:
        return None
    return moment.astimezone(ZONE).date()


def _jours_attente(rangee, maintenant):
    """Elapsed whole days, like the reminders' delays: until now while the demande is open,
    until it was taken in charge once it is closed."""
    if rangee.date_depot is None:
        return None
    fin = maintenant if rangee.statut not in filtres.STATUTS_CLOS else rangee.date_prise_en_charge
    if fin is None:
        return None
    return (fin - rangee.date_depot).days


def _invisible(caractere):
    # Unicode's « other » (controls, formats such as U+200B) and separators (spaces).
    return unicodedata.category(caractere)[0] in "CZ"


def neutraliser(texte):
    """``texte`` as a spreadsheet must read it, as text, never as a formula.

    A formula sign first, or behind invisible characters (dropped then), gets a leading
    quote; so does a text starting with a tab or a carriage return (OWASP).
    """
    premier = texte[:1]
    # Most texts start with a visible character that is no formula sign: nothing to look at.
    # (Unicode's « other » and separators are exactly what ``isprintable`` refuses, bar the
    # ASCII space.)
    if premier and premier.isprintable() and premier not in DEBUTS_DE_FORMULE and premier != " ":
        return texte
    debut = 0
    while debut < len(texte) and _invisible(texte[debut]):
        debut += 1
    if texte[debut:].startswith(DEBUTS_DE_FORMULE):
        return "'" + texte[debut:]
    if texte.startswith(("\t", "\r")):
        return "'" + texte
    return texte


class _Echo:
    """A file for ``csv.writer`` that hands each formatted line back instead of keeping it."""

    def write(self, valeur):
        return valeur


def _cellule_csv(valeur):
    if isinstance(valeur, str):
        return neutraliser(valeur)
    if isinstance(valeur, datetime.date):
        return valeur.strftime("%d/%m/%Y")
    return valeur


def _flux_csv(queryset):
    # Excel in French expects ";" and only recognises UTF-8 when the file starts with a BOM.
    ecrivain = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + ecrivain.writerow([titre for titre, _ in COLONNES])
    for ligne in lignes(queryset):
        yield ecrivain.writerow([_cellule_csv(valeur) for valeur in ligne])


def reponse_csv(queryset, nom_fichier):
    """Stream ``queryset`` as a CSV download; the queries run while the response is sent."""
    reponse = StreamingHttpResponse(_flux_csv(queryset), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{nom_fichier}.csv"
    )
    return reponse


def reponse_xlsx(queryset, nom_fichier):
    """``queryset`` as an XLSX download: a bold, frozen header, real dates, column widths."""
    # Closed, and so deleted, by the response once sent.
    fichier = tempfile.TemporaryFile()  # noqa: SIM115
    classeur = xlsxwriter.Workbook(fichier, {"constant_memory": True})
    feuille = classeur.add_worksheet("Demandes")
    gras = classeur.add_format({"bold": True})
    date = classeur.add_format({"num_format": "DD/MM/YYYY"})
    for colonne, (_, cle) in enumerate(COLONNES):
        feuille.set_column(colonne, colonne, LARGEURS[cle])
    feuille.freeze_panes(1, 0)
    feuille.write_row(0, 0, [titre for titre, _ in COLONNES], gras)
    for rang, ligne in enumerate(lignes(queryset), start=1):
        for colonne, valeur in enumerate(ligne):
            if valeur is None or valeur == "":
                continue
            if isinstance(valeur, str):
                texte = neutraliser(valeur)
                # ``isprintable`` (in C) is false for any control character: most texts skip
                # the regular expression.
                if not texte.isprintable():
                    texte = CONTROLES.sub("", texte)
                feuille.write_string(rang, colonne, texte)
            elif isinstance(valeur, datetime.date):
                # A date is a number of days shown in a date format: written as such, it costs
                # a subtraction instead of ``write_datetime``'s general conversion, which took
                # two thirds of the whole export's time.
                feuille.write_number(rang, colonne, (valeur - EPOQUE_EXCEL).days, date)
            else:
                feuille.write_number(rang, colonne, valeur)
    classeur.close()
    fichier.seek(0)
    return FileResponse(
        fichier, as_attachment=True, filename=f"{nom_fichier}.xlsx", content_type=TYPE_XLSX
    )
