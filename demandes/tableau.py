"""Read side of the triage dashboard: the filtered list, the tab counts, the headline figures.

Every function costs a fixed number of queries whatever the number of demandes.
"""

import datetime
import statistics
from collections import namedtuple
from types import SimpleNamespace
from typing import NamedTuple

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.utils import timezone

from guichet.compilees import compilees
from guichet.comptes.models import User
from guichet.territoire.models import Collectivite, Thematique, TypeCollectivite
from operateurs.models import Operateur, Orientation

from . import filtres, workflow
from .models import ConfigurationRelances, Demande, Etiquette, Message, PieceJointe, Statut, Suivi

S = Statut
LIBELLES_DES_STATUTS = dict(S.choices)


class MedianePostgres(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def base(user):
    return Demande.objects.visibles_par(user)


def figures_generales(lecture, config=None):
    """The figures over every filed demande, the same for every agent (the dashboard is the
    State staff's, who all see every filed demande): the counts of ``synthese``, the median
    delays and the themes. Cached (``lecture``) and recounted in the background after a change
    (see demandes/compteurs.py)."""
    config = config or configuration()
    deposees = Demande.objects.deposees()

    def compter():
        return {
            "synthese": synthese(deposees, config),
            "medianes": medianes(deposees),
            "thematiques": par_thematique(deposees),
        }

    # One value, so one read of the cache for the three.
    ((nom, parties),) = FIGURES_GENERALES.items()
    return lecture.memoriser(nom, parties, compter, en_fond=True, version=delais(config))


# Their name and key in the cache, for a ``Lecture`` that reads them with others.
FIGURES_GENERALES = {"generales": ()}


def delais(config):
    """What « beyond its delay » depends on: the counts are kept for these (their ``version``
    in the cache, see compteurs.Lecture.memoriser)."""
    return (config.delai_prise_en_charge, config.delai_operateur)


def _derniere(queryset, champ):
    return Subquery(queryset.filter(demande=OuterRef("pk")).order_by(f"-{champ}").values(champ)[:1])


def priorite_pour():
    from comite.feuille_de_route import priorite_pour

    return priorite_pour()


# Each row's own columns, read as plain values: a page has no use for model instances.
CHAMPS_DES_LIGNES = (
    "pk",
    "reference",
    "titre",
    "statut",
    "date_depot",
    "date_orientation",
    "collectivite__nom",
    "collectivite__epci__nom",
    "referent_id",
    "referent__prenom",
    "referent__nom",
    "referent__email",
    "vu_le",
    "suivie",
    "dernier_message",
    "derniere_piece",
    "prioritaire",
    "derniere_reponse",
)

Ligne = namedtuple("Ligne", CHAMPS_DES_LIGNES)


def liste(queryset, user):
    """What each row of the table shows (with ``decorer``: two queries, whatever the rows).

    Each row carries when ``user`` last read it and the last message, document and operator
    answer since, for the « what changed » badges.
    """
    return queryset.annotate(
        vu_le=Subquery(Suivi.objects.filter(demande=OuterRef("pk"), user=user).values("vu_le")[:1]),
        suivie=Exists(Suivi.objects.filter(demande=OuterRef("pk"), user=user, suivie=True)),
        # What others did: one's own messages and documents are no news.
        dernier_message=_derniere(Message.objects.exclude(auteur=user), "date"),
        derniere_piece=_derniere(PieceJointe.objects.exclude(depose_par=user), "date_depot"),
        prioritaire=priorite_pour(),
        derniere_reponse=_derniere(
            Orientation.objects.filter(date_reponse__isnull=False), "date_reponse"
        ),
    ).values_list(*CHAMPS_DES_LIGNES, named=True)


Vue = namedtuple("Vue", ("pk", "nom", "parametres"))


def vues_de(user):
    """The views ``user`` saved (name and filters), the query compiled once per person."""
    vues = compilees.lignes(
        ("vues", user.pk), lambda: user.vues_enregistrees.values_list("pk", "nom", "parametres")
    )
    return [Vue._make(vue) for vue in vues]


def lignes_de_page(cle, construire):
    """The rows of the list's page ``cle`` (person, tab, sort, page number, valid filters),
    compiled once per process (see guichet/compilees.py): ``construire()`` gives the page's
    ``liste`` queryset."""
    return [Ligne._make(rangee) for rangee in compilees.lignes(("tableau", *cle), construire)]


class EtiquetteDeLigne(NamedTuple):
    nom: str
    couleur: str


THEME, ETIQUETTE, OPERATEUR = 0, 1, 2


def _sql_des_liens(nombre):
    """The three link tables of ``nombre`` demandes in one ``UNION ALL``, in plain SQL: built by
    the ORM, the same query cost four times its run time (3 ms of the page's 20)."""
    tables = {
        "themes": Demande.thematiques.through._meta.db_table,
        "theme": Thematique._meta.db_table,
        "etiquettes": Etiquette.demandes.through._meta.db_table,
        "etiquette": Etiquette._meta.db_table,
        "orientation": Orientation._meta.db_table,
        "operateur": Operateur._meta.db_table,
    }
    # On PostgreSQL, the identifiers as one array (see _parametres_des_liens).
    if connection.vendor == "postgresql":
        dans = "= ANY(%s)"
    else:
        dans = f"IN ({', '.join(['%s'] * nombre)})"
    # Only table names from the models and placeholders go into the text; values are parameters.
    return (  # noqa: S608
        "SELECT l.demande_id, {THEME} AS genre, t.ordre AS rang, t.nom AS texte, '' AS teinte "
        "FROM {themes} l JOIN {theme} t ON t.id = l.thematique_id "
        "WHERE l.demande_id {dans} "
        "UNION ALL "
        "SELECT l.demande_id, {ETIQUETTE}, 0, e.nom, e.couleur "
        "FROM {etiquettes} l JOIN {etiquette} e ON e.id = l.etiquette_id "
        "WHERE l.demande_id {dans} "
        "UNION ALL "
        "SELECT o.demande_id, {OPERATEUR}, o.id, p.sigle, '' "
        "FROM {orientation} o JOIN {operateur} p ON p.id = o.operateur_id "
        "WHERE o.demande_id {dans} "
        "ORDER BY genre, rang, texte"
    ).format(dans=dans, THEME=THEME, ETIQUETTE=ETIQUETTE, OPERATEUR=OPERATEUR, **tables)


def _parametres_des_liens(ids):
    """The identifiers for the three parts of ``_sql_des_liens``: on PostgreSQL, one array each
    (three parameters to bind rather than three times fifty)."""
    return [ids] * 3 if connection.vendor == "postgresql" else ids * 3


def _joindre(lignes):
    """Each row's themes, labels and operators, in one query on the page's identifiers."""
    par_pk = {ligne.pk: ligne for ligne in lignes}
    rangees = {pk: ([], [], []) for pk in par_pk}
    if par_pk:
        with connection.cursor() as curseur:
            curseur.execute(_sql_des_liens(len(par_pk)), _parametres_des_liens(list(par_pk)))
            for pk, genre, _, texte, couleur in curseur.fetchall():
                rangees[pk][genre].append(
                    EtiquetteDeLigne(texte, couleur) if genre == ETIQUETTE else texte
                )
    for pk, (thematiques, etiquettes, operateurs) in rangees.items():
        ligne = par_pk[pk]
        ligne.thematiques_de_ligne = ", ".join(thematiques)
        ligne.etiquettes_de_ligne = etiquettes
        ligne.operateurs_de_ligne = ", ".join(operateurs)


def decorer(rangees, config, maintenant=None):
    """The rows of one page (``liste``'s), as objects with what the table shows: themes, labels
    and operators, days waiting, the « beyond its delay » and « what changed » badges."""
    maintenant = maintenant or timezone.now()
    lignes = [SimpleNamespace(**rangee._asdict()) for rangee in rangees]
    _joindre(lignes)
    referents = {None: ""}  # a page has few referents: each name is written once
    for ligne in lignes:
        ligne.couleur = workflow.COULEUR_BADGE[ligne.statut]
        ligne.libelle_statut = LIBELLES_DES_STATUTS[ligne.statut]
        if ligne.referent_id not in referents:
            referents[ligne.referent_id] = str(
                User(
                    prenom=ligne.referent__prenom,
                    nom=ligne.referent__nom,
                    email=ligne.referent__email,
                )
            )
        ligne.referent = referents[ligne.referent_id]
        vu_le = ligne.vu_le
        ligne.nouveautes = [
            libelle
            for libelle, date in (
                ("Nouveau message", ligne.dernier_message),
                ("Nouveau document", ligne.derniere_piece),
                ("Réponse d'opérateur", ligne.derniere_reponse),
            )
            if date is not None and vu_le is not None and date > vu_le
        ]
        ligne.jours_attente = (maintenant - ligne.date_depot).days if ligne.date_depot else None
        ligne.en_retard = bool(
            ligne.jours_attente is not None
            and (
                (ligne.statut == S.DEPOSEE and ligne.jours_attente > config.delai_prise_en_charge)
                or (
                    ligne.statut == S.ORIENTEE
                    and ligne.date_orientation
                    and (maintenant - ligne.date_orientation).days > config.delai_operateur
                )
            )
        )
    return lignes


def synthese(queryset, config, maintenant=None):
    """The counts of ``queryset`` in one pass: by status, by collectivité, and how many wait
    beyond their delay or were filed this month (one ``GROUP BY statut, collectivité`` with
    filtered counts; a few hundred rows summed here).

    The tabs, the key figures and the map all read from it: one scan of the table for all.
    """
    maintenant = maintenant or timezone.now()
    debut_du_mois = timezone.localtime(maintenant).replace(
        day=1, hour=0, minute=0, second=0, microsecond=0
    )
    jours = datetime.timedelta(days=1)
    lignes = (
        queryset.order_by()
        .values("statut", "collectivite_id")
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
        .values_list("statut", "collectivite_id", "n", "en_retard", "ce_mois")
    )
    resultat = {"par_statut": {}, "par_collectivite": {}, "en_retard": 0, "ce_mois": 0}
    par_statut, par_collectivite = resultat["par_statut"], resultat["par_collectivite"]
    for statut, collectivite, n, en_retard, ce_mois in lignes:
        par_statut[statut] = par_statut.get(statut, 0) + n
        par_collectivite[collectivite] = par_collectivite.get(collectivite, 0) + n
        resultat["en_retard"] += en_retard
        resultat["ce_mois"] += ce_mois
    return resultat


def comptes_des_onglets(statuts):
    """How many demandes each tab holds, « Suivies » aside, from the counts by status."""
    return {
        cle: sum(statuts.get(statut, 0) for statut in tenus)
        for cle, (_, tenus) in filtres.ONGLETS.items()
        if tenus is not None
    }


def compte_suivies(queryset, user):
    """How many of them ``user`` refers or follows: the one tab that depends on the person.

    Two counts, each on an index (the referent's, then the person's follows), where one count
    of an ``OR`` would test every demande of the table.
    """
    queryset = queryset.order_by()
    referees = queryset.filter(referent=user).count()
    suivies = Suivi.objects.filter(user=user, suivie=True).values("demande_id")
    return referees + queryset.filter(pk__in=suivies).exclude(referent=user).count()


# The median delays describe the service as it runs now: the last twelve months' filings (and
# a cost that does not grow with the years of history kept).
PERIODE_DES_MEDIANES = datetime.timedelta(days=365)


def medianes(queryset, maintenant=None):
    """Median days from filing to taking charge and to routing, over ``PERIODE_DES_MEDIANES``.

    One query on PostgreSQL (two ordered-set aggregates over one scan of the period).
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
        # PERCENTILE_CONT over an interval returns an interval (a timedelta) on PostgreSQL.
        return {
            champ: None if valeurs[champ] is None else _en_jours(valeurs[champ]) for champ in champs
        }
    resultat = {}
    for champ in champs:
        durees = [
            d
            for d in recentes.filter(**{f"{champ}__isnull": False})
            .annotate(d=_delai(champ))
            .values_list("d", flat=True)
            if d is not None
        ]
        resultat[champ] = _en_jours(statistics.median(durees)) if durees else None
    return resultat


def _en_jours(duree):
    return round(duree.total_seconds() / 86400, 1)


def _delai(champ_fin):
    return ExpressionWrapper(F(champ_fin) - F("date_depot"), output_field=DurationField())


def chiffres_cles(synthese_generale, medianes_generales):
    """The figures at the top of the dashboard (over every visible demande, not the filters),
    from ``synthese`` and ``medianes`` of them."""
    statuts = synthese_generale["par_statut"]
    return {
        "par_statut": [
            (libelle, cle, statuts.get(cle, 0))
            for cle, libelle in LIBELLES_DES_STATUTS.items()
            if cle != S.BROUILLON
        ],
        "en_retard": synthese_generale["en_retard"],
        "ce_mois": synthese_generale["ce_mois"],
        "mediane_prise_en_charge": medianes_generales["date_prise_en_charge"],
        "mediane_orientation": medianes_generales["date_orientation"],
    }


def par_thematique(queryset):
    """``[(nom, pk, nombre)]`` of the themes of ``queryset``, most used first.

    Counted on the link table alone (the demandes as a semi-join): each theme once per demande,
    and no join on the wide demandes table.
    """
    noms = dict(Thematique.objects.values_list("pk", "nom"))
    comptes = (
        Demande.thematiques.through.objects.filter(demande__in=queryset.order_by().values("pk"))
        .values("thematique_id")
        .annotate(n=Count("*"))
        .values_list("thematique_id", "n")
    )
    return sorted(
        ((noms[pk], pk, n) for pk, n in comptes if pk in noms), key=lambda t: (-t[2], t[0])
    )


def par_commune(par_collectivite, communes):
    """``{insee: nombre}`` of the communes, from ``synthese``'s counts by collectivité."""
    return {
        insee: par_collectivite[pk] for insee, (_, pk) in communes.items() if pk in par_collectivite
    }


def communes():
    """``{insee: (nom, pk)}`` of the communes, for the map's names and filter links."""
    return {
        insee: (nom, pk)
        for insee, nom, pk in Collectivite.objects.filter(
            type=TypeCollectivite.COMMUNE
        ).values_list("code_insee", "nom", "pk")
    }


_configuration = [None, None]  # this process's (generation of the reference lists, delays)


def configuration(lecture=None):
    """The delays in force: read once per process for each generation of the reference lists
    of ``lecture`` (a change of the delays starts a new one), at each call without it."""
    referentiel = lecture.referentiel if lecture else None
    if referentiel is None:
        return ConfigurationRelances.courante()
    generation, config = _configuration
    if generation != referentiel:
        config = ConfigurationRelances.courante()
        _configuration[:] = [referentiel, config]
    return config
