"""The year's report (« bilan de l'année »): what the guichet received in a year and what
became of it.

**Counting rules, the exports' own** (``tableau/exports.py``): a year's demandes are the filed
ones (drafts never count) whose filing date (``date_depot``, in the project's time zone) falls in
that year, whatever their status now; the dashboard's export filtered on « Déposée à partir du
1er janvier » and « jusqu'au 31 décembre » lists exactly them, with the same EPCI (that of the
collectivité, none for an EPCI itself) and the same programme. Everything else follows that
cohort: its delays, the answers of the operators it was routed to, how its demandes ended, the
funding obtained and the satisfaction given. Each table's total is the sum of its lines.

A fixed number of plain aggregate queries (``GROUP BY``), whatever the number of demandes; the
medians are taken here from one query of dates (the same on PostgreSQL and SQLite).
"""

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from demandes.models import Demande, Statut
from guichet.comptes.roles import dans_ses_departements, est_agent_de_l_etat
from guichet.territoire.models import Departement
from operateurs.models import Orientation, StatutOrientation

from .models import Cloture, Issue

SANS_EPCI = "Hors EPCI (EPCI, département, syndicat…)"
SANS_PROGRAMME = "Aucun programme national"
SANS_THEMATIQUE = "Sans thématique"

# Each step of a demande's life, between two of its dates.
ETAPES = [
    ("Dépôt → prise en charge", "date_depot", "date_prise_en_charge"),
    ("Prise en charge → orientation", "date_prise_en_charge", "date_orientation"),
    ("Orientation → décision d'accompagnement", "date_orientation", "date_accompagnement"),
    ("Décision → clôture", "date_accompagnement", "date_cloture"),
    ("Dépôt → clôture (de bout en bout)", "date_depot", "date_cloture"),
]


def departements_de(user):
    """Whose demandes ``user``'s report counts: their départements' for the State (every one
    for a superuser); those of their comités' départements for a comité member."""
    if est_agent_de_l_etat(user):
        return dans_ses_departements(user)
    return Q(departement__in=Departement.objects.filter(comite__membres__user=user))


def departement_du_bilan(user):
    """The département the report speaks for (its PDF names its préfet): the one ``user``
    acts in, State agent or comité member; ``None`` when they act in several, or everywhere
    (a superuser without a State service)."""
    if est_agent_de_l_etat(user):
        if user.is_superuser and not user.departements_de_l_etat:
            return None
        siens = Departement.objects.filter(pk__in=user.departements_de_l_etat)
    else:
        siens = Departement.objects.filter(comite__membres__user=user).distinct()
    siens = list(siens[:2])
    return siens[0] if len(siens) == 1 else None


def demandes_de_l_annee(annee, departements):
    """The cohort: filed demandes of ``departements`` (a filter) whose filing date, in local
    time, falls in ``annee``."""
    return Demande.objects.deposees().filter(
        departements,
        date_depot__date__gte=datetime.date(annee, 1, 1),
        date_depot__date__lte=datetime.date(annee, 12, 31),
    )


@dataclass
class Repartition:
    """A table of counts: ``lignes`` of ``(libelle, nombre)``; ``total`` is their sum."""

    lignes: list
    total: int = field(init=False)

    def __post_init__(self):
        self.total = sum(nombre for _, nombre in self.lignes)


def _par(cohorte, champ, vide):
    comptes = cohorte.order_by().values(champ).annotate(n=Count("pk")).order_by(champ)
    lignes = [(ligne[champ], ligne["n"]) for ligne in comptes if ligne[champ]]
    sans = sum(ligne["n"] for ligne in comptes if not ligne[champ])
    if sans:
        lignes.append((vide, sans))
    return Repartition(lignes)


def par_thematique(cohorte):
    """Demandes per theme; a demande of several themes counts in each (the total counts
    mentions, the number of demandes is the cohort's)."""
    liens = (
        Demande.thematiques.through.objects.filter(demande__in=cohorte.order_by().values("pk"))
        .values("thematique__nom", "thematique__ordre")
        .annotate(n=Count("demande_id"))
        .order_by("thematique__ordre", "thematique__nom")
    )
    lignes = [(ligne["thematique__nom"], ligne["n"]) for ligne in liens]
    sans = cohorte.filter(thematiques__isnull=True).count()
    if sans:
        lignes.append((SANS_THEMATIQUE, sans))
    return Repartition(lignes)


def _jours(debut, fin):
    return (fin - debut).total_seconds() / 86400


def _mediane(durees):
    return round(statistics.median(durees), 1) if durees else None


def delais(cohorte):
    """Median days of each step (``ETAPES``) over the demandes that went through it."""
    champs = sorted({c for _, debut, fin in ETAPES for c in (debut, fin)})
    rangees = list(cohorte.order_by().values_list(*champs))
    lignes = []
    for libelle, debut, fin in ETAPES:
        i, j = champs.index(debut), champs.index(fin)
        durees = [_jours(r[i], r[j]) for r in rangees if r[i] and r[j] and r[j] >= r[i]]
        lignes.append({"etape": libelle, "mediane": _mediane(durees), "nombre": len(durees)})
    return lignes


REPONDUES = Q(date_reponse__isnull=False)


def operateurs(cohorte):
    """Per operator: routings received, answered (accepted or declined), the answer rate and the
    median days to answer. The total line sums the routings."""
    orientations = Orientation.objects.filter(demande__in=cohorte.order_by().values("pk"))
    comptes = (
        orientations.values("operateur_id", "operateur__sigle")
        .annotate(
            recues=Count("pk"),
            repondues=Count("pk", filter=REPONDUES),
            acceptees=Count(
                "pk",
                filter=Q(statut__in=[StatutOrientation.ACCEPTEE, StatutOrientation.TERMINEE]),
            ),
            declinees=Count("pk", filter=Q(statut=StatutOrientation.DECLINEE)),
        )
        .order_by("operateur__sigle")
    )
    durees = {}
    for operateur, debut, fin in orientations.filter(REPONDUES).values_list(
        "operateur_id", "date_orientation", "date_reponse"
    ):
        durees.setdefault(operateur, []).append(_jours(debut, fin))
    lignes = []
    for ligne in comptes:
        lignes.append(
            {
                "operateur": ligne["operateur__sigle"],
                "recues": ligne["recues"],
                "repondues": ligne["repondues"],
                "acceptees": ligne["acceptees"],
                "declinees": ligne["declinees"],
                "taux": _taux(ligne["repondues"], ligne["recues"]),
                "delai": _mediane(durees.get(ligne["operateur_id"], [])),
            }
        )
    total = {
        cle: sum(ligne[cle] for ligne in lignes)
        for cle in ("recues", "repondues", "acceptees", "declinees")
    }
    total["taux"] = _taux(total["repondues"], total["recues"])
    total["delai"] = _mediane([d for liste in durees.values() for d in liste])
    return {"lignes": lignes, "total": total}


def _taux(partie, tout):
    return round(100 * partie / tout) if tout else None


ISSUES_EN_PLUS = [
    ("sans_issue", "Clôturée sans issue enregistrée"),
    ("classee", "Classée sans suite"),
    ("en_cours", "Pas encore close"),
]


def issues(cohorte):
    """How the year's demandes ended (or not yet), with the funding obtained by each outcome:
    the lines add up to the cohort."""
    comptes = (
        cohorte.order_by()
        .values("statut", "cloture__issue")
        .annotate(n=Count("pk"), montant=Sum("cloture__montant_obtenu"))
    )
    par_issue = {cle: [0, 0] for cle in [*Issue.values, *(c for c, _ in ISSUES_EN_PLUS)]}
    for ligne in comptes:
        if ligne["statut"] == Statut.CLOTUREE:
            cle = ligne["cloture__issue"] or "sans_issue"
        elif ligne["statut"] == Statut.CLASSEE_SANS_SUITE:
            cle = "classee"
        else:
            cle = "en_cours"
        par_issue[cle][0] += ligne["n"]
        if ligne["statut"] == Statut.CLOTUREE:
            par_issue[cle][1] += int(ligne["montant"] or 0)
    libelles = [*Issue.choices, *ISSUES_EN_PLUS]
    lignes = [
        {"issue": libelle, "nombre": par_issue[cle][0], "montant": par_issue[cle][1]}
        for cle, libelle in libelles
    ]
    return {
        "lignes": lignes,
        "total": sum(ligne["nombre"] for ligne in lignes),
        "montant": sum(ligne["montant"] for ligne in lignes),
    }


def financements(cohorte):
    """The closed demandes that obtained funding, and how much in all."""
    clotures = Cloture.objects.filter(
        demande__in=cohorte.order_by().values("pk"), demande__statut=Statut.CLOTUREE
    )
    return clotures.aggregate(
        financees=Count("pk", filter=Q(montant_obtenu__gt=0)),
        montant=Sum("montant_obtenu"),
    )


def satisfaction(cohorte):
    """The collectivités' marks on the closed demandes of the cohort (1 to 5, or none yet)."""
    comptes = dict(
        Cloture.objects.filter(
            demande__in=cohorte.order_by().values("pk"), demande__statut=Statut.CLOTUREE
        )
        .values("satisfaction")
        .annotate(n=Count("pk"))
        .values_list("satisfaction", "n")
    )
    lignes = [(f"{note} sur 5", comptes.get(note, 0)) for note in range(5, 0, -1)]
    notees = sum(n for _, n in lignes)
    somme = sum(note * comptes.get(note, 0) for note in range(1, 6))
    lignes.append(("Pas encore d'avis", comptes.get(None, 0)))
    repartition = Repartition(lignes)
    repartition.moyenne = round(somme / notees, 1) if notees else None
    repartition.notees = notees
    return repartition


def bilan(annee, user):
    """Everything the report shows ``user`` for ``annee``: their départements' demandes."""
    cohorte = demandes_de_l_annee(annee, departements_de(user))
    thematiques = par_thematique(cohorte)
    epci = _par(cohorte, "collectivite__epci__nom", SANS_EPCI)
    programmes = _par(cohorte, "programme__nom", SANS_PROGRAMME)
    return {
        "annee": annee,
        "departement": departement_du_bilan(user),
        "total": cohorte.count(),
        "par_thematique": thematiques,
        "par_epci": epci,
        "par_programme": programmes,
        # (title, table, first column's header), as the page and the PDF show them
        "repartitions": [
            ("Par thématique", thematiques, "Thématique"),
            ("Par EPCI", epci, "EPCI"),
            ("Par programme national", programmes, "Programme"),
        ],
        "delais": delais(cohorte),
        "operateurs": operateurs(cohorte),
        "issues": issues(cohorte),
        "financements": financements(cohorte),
        "satisfaction": satisfaction(cohorte),
    }
