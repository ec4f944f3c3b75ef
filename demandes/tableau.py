"""Read side of the triage dashboard: the filtered list, the tab counts, the headline figures.

Every function costs a fixed number of queries whatever the number of demandes.
"""

import datetime
import statistics

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

from guichet.notifications.models import ConfigurationRelances
from guichet.territoire.models import Collectivite, TypeCollectivite
from operateurs.models import Orientation

from . import filtres
from .models import Demande, Message, PieceJointe, Statut, Suivi

S = Statut


class MedianePostgres(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def base(user):
    return Demande.objects.visibles_par(user)


def _derniere(queryset, champ):
    return Subquery(queryset.filter(demande=OuterRef("pk")).order_by(f"-{champ}").values(champ)[:1])


def priorite_pour():
    from comite.feuille_de_route import priorite_pour

    return priorite_pour()


def liste(queryset, user):
    """What each row of the table shows, in four queries (rows, themes, operators, labels).

    Each row carries when ``user`` last read it and the last message, document and operator
    answer since, for the « what changed » badges.
    """
    return (
        queryset.select_related("collectivite__epci", "referent")
        .annotate(
            vu_le=Subquery(
                Suivi.objects.filter(demande=OuterRef("pk"), user=user).values("vu_le")[:1]
            ),
            suivie=Exists(Suivi.objects.filter(demande=OuterRef("pk"), user=user, suivie=True)),
            # What others did: one's own messages and documents are no news.
            dernier_message=_derniere(Message.objects.exclude(auteur=user), "date"),
            derniere_piece=_derniere(PieceJointe.objects.exclude(depose_par=user), "date_depot"),
            prioritaire=priorite_pour(),
            derniere_reponse=_derniere(
                Orientation.objects.filter(date_reponse__isnull=False), "date_reponse"
            ),
        )
        .prefetch_related(
            "thematiques",
            "etiquettes",
            Prefetch(
                "orientations",
                queryset=Orientation.objects.select_related("operateur").order_by("pk"),
            ),
        )
    )


def decorer(demandes, config, maintenant=None):
    """Days waiting and the « beyond its delay » badge, computed on the rows of one page."""
    maintenant = maintenant or timezone.now()
    for demande in demandes:
        vu_le = demande.vu_le
        demande.nouveautes = [
            libelle
            for libelle, date in (
                ("Nouveau message", demande.dernier_message),
                ("Nouveau document", demande.derniere_piece),
                ("Réponse d'opérateur", demande.derniere_reponse),
            )
            if date is not None and vu_le is not None and date > vu_le
        ]
        demande.jours_attente = (
            (maintenant - demande.date_depot).days if demande.date_depot else None
        )
        demande.en_retard = bool(
            demande.jours_attente is not None
            and (
                (
                    demande.statut == S.DEPOSEE
                    and demande.jours_attente > config.delai_prise_en_charge
                )
                or (
                    demande.statut == S.ORIENTEE
                    and demande.date_orientation
                    and (maintenant - demande.date_orientation).days > config.delai_operateur
                )
            )
        )
    return demandes


def par_statut(queryset):
    """``{statut: count}`` of ``queryset``: one GROUP BY, read from the status index.

    The tabs and the key figures are sums of these counts, so one query serves them all.
    """
    return dict(
        queryset.order_by().values("statut").annotate(n=Count("pk")).values_list("statut", "n")
    )


def comptes_des_onglets(statuts):
    """How many demandes each tab holds, « Suivies » aside, from ``par_statut``'s counts."""
    return {
        cle: sum(statuts.get(statut, 0) for statut in tenus)
        for cle, (_, tenus) in filtres.ONGLETS.items()
        if tenus is not None
    }


def compte_suivies(queryset, user):
    """How many of them ``user`` refers or follows: the one tab that depends on the person."""
    return filtres.filtrer_onglet(queryset, "suivies", user).order_by().count()


def _delai(champ_fin):
    return ExpressionWrapper(F(champ_fin) - F("date_depot"), output_field=DurationField())


def _mediane_jours(queryset, champ_fin):
    avec_fin = queryset.filter(**{f"{champ_fin}__isnull": False, "date_depot__isnull": False})
    if connection.vendor == "postgresql":
        secondes = avec_fin.aggregate(
            m=MedianePostgres(
                ExpressionWrapper(F(champ_fin) - F("date_depot"), output_field=DurationField())
            )
        )["m"]
        # PERCENTILE_CONT over an interval returns an interval (a timedelta) on PostgreSQL.
        if isinstance(secondes, datetime.timedelta):
            return round(secondes.total_seconds() / 86400, 1)
        return None if secondes is None else round(secondes / 86400, 1)
    durees = [
        d.total_seconds() / 86400
        for d in avec_fin.annotate(d=_delai(champ_fin)).values_list("d", flat=True)
        if d is not None
    ]
    return round(statistics.median(durees), 1) if durees else None


def chiffres_cles(queryset, config, statuts, maintenant=None):
    """The figures at the top of the dashboard (over every visible demande, not the filters);
    ``statuts`` is ``par_statut(queryset)``."""
    maintenant = maintenant or timezone.now()
    debut_du_mois = timezone.localtime(maintenant).replace(
        day=1, hour=0, minute=0, second=0, microsecond=0
    )
    jours = datetime.timedelta(days=1)
    compteurs = queryset.order_by().aggregate(
        en_retard=Count(
            "pk",
            filter=Q(
                statut=S.DEPOSEE, date_depot__lt=maintenant - config.delai_prise_en_charge * jours
            )
            | Q(
                statut=S.ORIENTEE, date_orientation__lt=maintenant - config.delai_operateur * jours
            ),
        ),
        ce_mois=Count("pk", filter=Q(date_depot__gte=debut_du_mois)),
    )
    return {
        "par_statut": [
            (S(cle).label, cle, statuts.get(cle, 0)) for cle in S.values if cle != S.BROUILLON
        ],
        "en_retard": compteurs["en_retard"],
        "ce_mois": compteurs["ce_mois"],
        "mediane_prise_en_charge": _mediane_jours(queryset, "date_prise_en_charge"),
        "mediane_orientation": _mediane_jours(queryset, "date_orientation"),
    }


def par_thematique(queryset):
    # The filter on the join comes before values(): after it, Django would join a second time.
    return list(
        queryset.order_by()
        .filter(thematiques__isnull=False)
        .values("thematiques__nom", "thematiques__pk")
        .annotate(n=Count("pk"))
        .order_by("-n", "thematiques__nom")
        .values_list("thematiques__nom", "thematiques__pk", "n")
    )


def par_commune(queryset):
    return dict(
        queryset.order_by()
        .values("collectivite__code_insee")
        .annotate(n=Count("pk"))
        .values_list("collectivite__code_insee", "n")
    )


def communes():
    """``{insee: (nom, pk)}`` of the communes, for the map's names and filter links."""
    return {
        insee: (nom, pk)
        for insee, nom, pk in Collectivite.objects.filter(
            type=TypeCollectivite.COMMUNE
        ).values_list("code_insee", "nom", "pk")
    }


def configuration():
    return ConfigurationRelances.courante()
