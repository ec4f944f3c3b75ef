"""The comité's shared roadmap: priorities (a theme on a territory) and the needs behind them.

The needs picture counts the filed requests per theme and EPCI, from the data; a request that
matches a priority (one of its themes, on the priority's territory) carries a badge on the
dashboard (``priorite_pour`` is the ``Exists`` the dashboard annotates with).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q

from demandes.models import Demande, Statut
from guichet.comptes.roles import est_agent_de_l_etat

from .models import PRIORITE_EN_DOUBLE, Priorite

RESERVEE_A_L_ETAT = "Seules la préfecture et la DDT du département tiennent la feuille de route."


def priorites(comite):
    return comite.priorites.select_related("thematique", "territoire", "seance")


def priorite_pour():
    """True for a demande matching a priority of its département's comité: theme shared,
    territory = its commune, its EPCI or the whole département."""
    return Exists(
        Priorite.objects.filter(
            thematique__demandes=OuterRef("pk"),
            comite__departement=OuterRef("departement"),
        ).filter(
            Q(territoire__isnull=True)
            | Q(territoire=OuterRef("collectivite"))
            | Q(territoire=OuterRef("collectivite__epci"))
        )
    )


def besoins(comite):
    """``(epcis, lignes)``: the requests of the comité's département per theme (rows) and EPCI
    (columns), drafts excluded."""
    comptes = (
        Demande.objects.exclude(statut=Statut.BROUILLON)
        .filter(departement=comite.departement_id)
        .filter(thematiques__isnull=False)
        .values("thematiques__nom", "collectivite__epci__nom")
        .annotate(n=Count("pk"))
        .order_by()
    )
    epcis = sorted({c["collectivite__epci__nom"] or "Hors EPCI" for c in comptes})
    table = {}
    for c in comptes:
        ligne = table.setdefault(c["thematiques__nom"], {})
        ligne[c["collectivite__epci__nom"] or "Hors EPCI"] = c["n"]
    lignes = [
        (theme, [valeurs.get(epci, 0) for epci in epcis], sum(valeurs.values()))
        for theme, valeurs in sorted(table.items(), key=lambda t: (-sum(t[1].values()), t[0]))
    ]
    return epcis, lignes


def adopter(*, comite, par, thematique, territoire=None, seance=None, commentaire=""):
    if not est_agent_de_l_etat(par, comite.departement_id):
        raise PermissionDenied(RESERVEE_A_L_ETAT)
    if territoire is not None and territoire.type not in ("epci", "commune"):
        raise ValidationError(
            {"territoire": "Le territoire d'une priorité est un EPCI ou une commune."}
        )
    if territoire is not None and territoire.departement_id != comite.departement_id:
        raise ValidationError(
            {"territoire": "Le territoire d'une priorité est dans le département du comité."}
        )
    if seance is not None and seance.comite_id != comite.pk:
        raise ValidationError({"seance": "Choisissez une séance de ce comité."})
    try:
        with transaction.atomic():
            return Priorite.objects.create(
                comite=comite,
                thematique=thematique,
                territoire=territoire,
                seance=seance,
                commentaire=commentaire.strip(),
            )
    except IntegrityError as erreur:
        raise ValidationError(PRIORITE_EN_DOUBLE) from erreur


def retirer(*, priorite, par):
    if not est_agent_de_l_etat(par, priorite.comite.departement_id):
        raise PermissionDenied(RESERVEE_A_L_ETAT)
    priorite.delete()
