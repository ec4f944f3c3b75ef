"""The dashboard's read queries: the rows of a page, the tab counts, the key figures, the
breakdowns by theme and by commune.

Plain queries on the demandes as they are, each at a fixed number of queries whatever the number
of demandes. The figures over every demande (the default view's) are kept in Django's cache
under a version that every service changes on commit (``chiffres_generaux``): they are exact
right after any change made through the services.
"""

import collections
import datetime
import hashlib
import statistics
from pathlib import Path

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.utils import timezone

from avis.selectors import annoter_les_avis
from comite.feuille_de_route import priorite_pour
from demandes import chiffres, workflow
from demandes.models import (
    ConfigurationRelances,
    Demande,
    Etiquette,
    Message,
    PieceJointe,
    Statut,
    Suivi,
)
from guichet.comptes.roles import dans_ses_departements, departements_vus
from guichet.territoire.chargement import CODE_DEPARTEMENT
from guichet.territoire.models import Collectivite, Departement, Thematique, TypeCollectivite
from operateurs.models import Orientation

from . import filtres, francais

S = Statut
LIBELLES_DES_STATUTS = dict(S.choices)

# The median delays describe the service as it runs now: the last twelve months' filings.
PERIODE_DES_MEDIANES = datetime.timedelta(days=365)


class MedianePostgres(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def demandes_du_tableau(user):
    """What the dashboard lists and counts: the demandes ``user`` may see."""
    return Demande.objects.visibles_par(user)


def configuration(user):
    """The delays in force on ``user``'s dashboard (« beyond its delay »): their département's;
    the Territoire de Belfort's for whoever acts in several (a superuser)."""
    departements = user.departements_de_l_etat
    if len(departements) == 1:
        return ConfigurationRelances.du_departement(next(iter(departements)))
    return ConfigurationRelances.du_departement(Departement.objects.par_defaut())


def _derniere(queryset, champ):
    return Subquery(queryset.filter(demande=OuterRef("pk")).order_by(f"-{champ}").values(champ)[:1])


# The columns the rows show (``decorer`` and ``_partials/resultats.html``): the description, the
# contact and the dates of every other step of fifty demandes are not read. A column read in a
# row but missing here costs a query per row (the query count test tells).
COLONNES_DES_LIGNES = (
    "reference",
    "titre",
    "statut",
    "date_depot",
    "date_orientation",
    "collectivite__nom",
    "collectivite__epci__nom",
    "referent__prenom",
    "referent__nom",
    "referent__email",
)


def liste(queryset, user, colonnes=frozenset()):
    """``queryset`` with what each row of the table shows: its collectivité and EPCI, its
    referent and labels, and its themes and operators when ``colonnes`` (optional columns, see
    ``forms.COLONNES_OPTIONNELLES``) shows them (one query each for a page, whatever its
    length), whether ``user`` follows it, whether it matches a priority of the comité's
    roadmap, and, for the « what changed » badges, when ``user`` last read it and the last
    message, document and operator answer since (one's own messages and documents are no
    news)."""
    prefetches = [Prefetch("etiquettes", queryset=Etiquette.objects.order_by("nom"))]
    if "thematiques" in colonnes:
        prefetches.append(
            Prefetch("thematiques", queryset=Thematique.objects.order_by("ordre", "nom"))
        )
    if "operateurs" in colonnes:
        prefetches.append(
            Prefetch(
                "orientations",
                queryset=Orientation.objects.select_related("operateur").order_by("pk"),
            )
        )
    return annoter_les_avis(
        queryset.select_related("collectivite__epci", "referent")
        .only(*COLONNES_DES_LIGNES)
        .prefetch_related(*prefetches)
        .annotate(
            vu_le=Subquery(
                Suivi.objects.filter(demande=OuterRef("pk"), user=user).values("vu_le")[:1]
            ),
            suivie=Exists(Suivi.objects.filter(demande=OuterRef("pk"), user=user, suivie=True)),
            dernier_message=_derniere(Message.objects.exclude(auteur=user), "date"),
            derniere_piece=_derniere(PieceJointe.objects.exclude(depose_par=user), "date_depot"),
            derniere_reponse=_derniere(
                Orientation.objects.filter(date_reponse__isnull=False), "date_reponse"
            ),
            prioritaire=priorite_pour(),
        )
    )


def decorer(demandes, config, maintenant=None):
    """The demandes of one page (from ``liste``), as a list, each with what its row computes:
    the status badge's colour and label, the days waiting, « beyond its delay », the news since
    ``user`` last read it."""
    maintenant = maintenant or timezone.now()
    lignes = list(demandes)
    for demande in lignes:
        demande.couleur = workflow.COULEUR_BADGE[demande.statut]
        demande.libelle_statut = LIBELLES_DES_STATUTS[demande.statut]
        demande.jours_attente = (
            (maintenant - demande.date_depot).days if demande.date_depot else None
        )
        demande.en_retard = demande.jours_attente is not None and (
            (demande.statut == S.DEPOSEE and demande.jours_attente > config.delai_prise_en_charge)
            or (
                demande.statut == S.ORIENTEE
                and demande.date_orientation is not None
                and (maintenant - demande.date_orientation).days > config.delai_operateur
            )
        )
        demande.nouveautes = [
            libelle
            for libelle, date in (
                ("Nouveau message", demande.dernier_message),
                ("Nouveau document", demande.derniere_piece),
                ("Réponse d'opérateur", demande.derniere_reponse),
            )
            if date is not None and demande.vu_le is not None and date > demande.vu_le
        ]
    return lignes


def figures(queryset, config, maintenant=None):
    """The counts of ``queryset`` by status and by referent, and how many of them wait beyond
    their delay or were filed this month: one ``GROUP BY statut, referent``."""
    maintenant = maintenant or timezone.now()
    debut_du_mois = timezone.localtime(maintenant).replace(
        day=1, hour=0, minute=0, second=0, microsecond=0
    )
    jours = datetime.timedelta(days=1)
    lignes = (
        queryset.order_by()
        .values("statut", "referent_id")
        .annotate(
            n=Count("pk"),
            en_retard=Count(
                "pk",
                filter=Q(
                    statut=S.DEPOSEE,
                    date_depot__lt=maintenant - config.delai_prise_en_charge * jours,
                )
                | Q(
                    statut=S.ORIENTEE,
                    date_orientation__lt=maintenant - config.delai_operateur * jours,
                ),
            ),
            ce_mois=Count("pk", filter=Q(date_depot__gte=debut_du_mois)),
        )
        .values_list("statut", "referent_id", "n", "en_retard", "ce_mois")
    )
    par_statut, par_referent = collections.Counter(), collections.Counter()
    resultat = {
        "par_statut": par_statut,
        "par_referent": par_referent,
        "en_retard": 0,
        "ce_mois": 0,
    }
    for statut, referent, n, en_retard, ce_mois in lignes:
        par_statut[statut] += n
        par_referent[referent] += n
        resultat["en_retard"] += en_retard
        resultat["ce_mois"] += ce_mois
    return resultat


def comptes_des_onglets(queryset, figures_, user):
    """How many demandes of ``queryset`` each tab holds: from its ``figures`` (by status; by
    referent for « Suivies », the person's own), and one count of the demandes the person
    follows without being their referent."""
    comptes = {
        cle: sum(figures_["par_statut"].get(statut, 0) for statut in tenus)
        for cle, (_, tenus) in filtres.ONGLETS.items()
        if tenus is not None
    }
    comptes["suivies"] = figures_["par_referent"].get(user.pk, 0) + _suivies_sans_en_etre_referent(
        queryset, user
    )
    return comptes


def _suivies_sans_en_etre_referent(queryset, user):
    """How many demandes of ``queryset`` ``user`` follows without being their referent: their few
    follows read by key. « Suivies » is this plus the referred ones, two counts on indexes where
    one count with OR read the whole table."""
    return queryset.order_by().filter(filtres.suivies_sans_etre_referent(user)).count()


def nombre_dans_l_onglet(queryset, onglet, user):
    """How many demandes of ``queryset`` the tab ``onglet`` lists, counted now (the list's
    pagination; the other tabs' counts may come from the cached figures): on an index, where
    the list's own query, with its joins, would read the table."""
    if onglet == "suivies":
        return queryset.order_by().filter(referent=user).count() + _suivies_sans_en_etre_referent(
            queryset, user
        )
    return queryset.order_by().filter(statut__in=filtres.ONGLETS[onglet][1]).count()


def medianes(queryset, maintenant=None):
    """Median days from filing to taking charge and to routing, over ``PERIODE_DES_MEDIANES``.

    One query on PostgreSQL (two ordered-set aggregates); the durations read and their median
    taken here elsewhere (SQLite).
    """
    maintenant = maintenant or timezone.now()
    recentes = queryset.order_by().filter(date_depot__gte=maintenant - PERIODE_DES_MEDIANES)
    champs = ("date_prise_en_charge", "date_orientation")
    if connection.vendor == "postgresql":
        valeurs = recentes.aggregate(
            **{
                champ: MedianePostgres(_delai(champ), filter=Q(**{f"{champ}__isnull": False}))
                for champ in champs
            }
        )
        return {
            champ: None if valeurs[champ] is None else _en_jours(valeurs[champ]) for champ in champs
        }
    resultat = {}
    for champ in champs:
        durees = list(
            recentes.filter(**{f"{champ}__isnull": False})
            .annotate(d=_delai(champ))
            .values_list("d", flat=True)
        )
        resultat[champ] = _en_jours(statistics.median(durees)) if durees else None
    return resultat


def _en_jours(duree):
    return round(duree.total_seconds() / 86400, 1)


def _delai(champ_fin):
    return ExpressionWrapper(F(champ_fin) - F("date_depot"), output_field=DurationField())


def chiffres_cles(figures_generales, medianes_generales):
    """The figures at the top of the dashboard, from ``figures`` and ``medianes`` of every
    demande the person sees (not of the filtered ones)."""
    statuts = figures_generales["par_statut"]
    return {
        "par_statut": [
            (libelle, cle, statuts.get(cle, 0))
            for cle, libelle in LIBELLES_DES_STATUTS.items()
            if cle != S.BROUILLON
        ],
        "en_retard": figures_generales["en_retard"],
        "ce_mois": figures_generales["ce_mois"],
        "mediane_prise_en_charge": medianes_generales["date_prise_en_charge"],
        "mediane_orientation": medianes_generales["date_orientation"],
    }


def _communes_a_cartographier(queryset, user):
    """``[(insee, nom, pk)]`` of the communes the map and its table list: those of ``user``'s
    départements. A superuser has every département: for them, those of the default
    département (the only ones the map draws) and those where ``queryset`` has demandes, not
    the whole country's communes."""
    communes = Collectivite.objects.filter(type=TypeCollectivite.COMMUNE)
    if user.is_superuser:
        communes = communes.filter(
            Q(departement__code=CODE_DEPARTEMENT)
            | Q(pk__in=queryset.order_by().values("collectivite_id"))
        )
    else:
        communes = communes.filter(dans_ses_departements(user))
    return list(communes.values_list("code_insee", "nom", "pk"))


def repartition(queryset, user):
    """How many of ``queryset``'s demandes, whatever narrows them, each theme and each
    collectivité holds, and the communes to map them on (``_communes_a_cartographier``; three
    queries): what ``par_thematique`` and ``par_commune`` read with ``statuts=None``, the rows'
    status being ``None`` (their counts do not tell statuses apart)."""
    liens = Demande.thematiques.through.objects.filter(demande__in=queryset.order_by().values("pk"))
    thematiques = (
        # COUNT(*): the links are then read from their (demande, thematique) index alone.
        liens.values("thematique_id", "thematique__nom")
        .annotate(n=Count("*"))
        .values_list("thematique_id", "thematique__nom", "n")
        .order_by()
    )
    collectivites = (
        queryset.order_by()
        .values("collectivite_id")
        .annotate(n=Count("pk"))
        .values_list("collectivite_id", "n")
    )
    return {
        "thematiques": [(None, *ligne) for ligne in thematiques],
        "collectivites": [(None, *ligne) for ligne in collectivites],
        "communes": _communes_a_cartographier(queryset, user),
    }


def repartition_par_statut(visibles, user):
    """The same counts by status, for any set of statuses (each tab's): over every demande
    ``user`` sees (``demandes_du_tableau``). No filter narrows them by theme, so the themes are
    counted through the demandes' own join to them: one read of the table, where going through
    the links (``repartition``) reads it twice, once for the status."""
    return {
        "thematiques": list(
            visibles.order_by()
            .filter(thematiques__isnull=False)
            .values("statut", "thematiques", "thematiques__nom")
            .annotate(n=Count("*"))
            .values_list("statut", "thematiques", "thematiques__nom", "n")
        ),
        "collectivites": list(
            visibles.order_by()
            .values("statut", "collectivite_id")
            .annotate(n=Count("pk"))
            .values_list("statut", "collectivite_id", "n")
        ),
        "communes": _communes_a_cartographier(visibles, user),
    }


def par_thematique(repartition, statuts=None):
    """``[(nom, pk, nombre)]`` of the themes of the demandes of ``repartition`` in ``statuts``
    (all when ``None``), most used first, then in French order."""
    nombres, noms = collections.Counter(), {}
    for statut, pk, nom, n in repartition["thematiques"]:
        if statuts is None or statut in statuts:
            nombres[pk] += n
            noms[pk] = nom
    return sorted(
        ((noms[pk], pk, nombre) for pk, nombre in nombres.items()),
        key=lambda ligne: (-ligne[2], francais.sans_accents(ligne[0])),
    )


def par_commune(repartition, statuts=None):
    """``{insee: (nom, pk, nombre)}`` of every commune, with how many of the demandes of
    ``repartition`` in ``statuts`` (all when ``None``) it filed."""
    nombres = collections.Counter()
    for statut, pk, n in repartition["collectivites"]:
        if statuts is None or statut in statuts:
            nombres[pk] += n
    return {insee: (nom, pk, nombres[pk]) for insee, nom, pk in repartition["communes"]}


# What the figures below are computed by: a new version of this module never reads figures
# that an older one kept.
VERSION_DU_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
# The delays and « this month » move with time, not only with the demandes.
DUREE_DES_CHIFFRES_GENERAUX = 5 * 60


def chiffres_generaux(visibles, config, user):
    """The figures over every demande ``user``, of the State, sees (those of the dashboard's
    default view): ``figures``, ``medianes`` and ``repartition`` (``repartition_par_statut``,
    hence for each tab but « Suivies »).

    Counting them reads the département's demandes (about 180 ms at 100,000, mostly on the index
    of their statuses, which holds the columns counted), so
    they are kept in Django's cache under the versions of the person's départements, which
    every service changes when it commits a change to one of their demandes
    (``demandes.chiffres``), the delays in force and this module's code; five minutes at most.
    ``visibles`` must be ``demandes_du_tableau(user)``: the agents of the same départements see
    the same demandes.
    """
    departements = departements_vus(user)
    cle = ":".join(
        str(partie)
        for partie in (
            "tableau:chiffres",
            VERSION_DU_CODE,
            "tout" if departements is None else ",".join(map(str, sorted(departements))),
            chiffres.version(departements),
            config.delai_prise_en_charge,
            config.delai_operateur,
        )
    )
    return cache.get_or_set(
        cle,
        lambda: {
            "figures": figures(visibles, config),
            "medianes": medianes(visibles),
            "repartition": repartition_par_statut(visibles, user),
        },
        DUREE_DES_CHIFFRES_GENERAUX,
    )


def vues_de(user):
    """The views ``user`` saved."""
    return list(user.vues_enregistrees.all())
