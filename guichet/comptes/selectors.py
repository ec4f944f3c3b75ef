"""Reads for the access requests and the members' pages."""

import datetime

from django.utils import timezone

from guichet.comptes.models import (
    DemandeAcces,
    Invitation,
    MouvementMembre,
    Rattachement,
    StatutDemandeAcces,
    StatutInvitation,
)
from guichet.territoire.models import Collectivite, TypeCollectivite

# How far back the validation page lists the requests already handled.
TRAITEES_RECENTES = datetime.timedelta(days=30)


def collectivite_du_siret(siret):
    """The commune or EPCI whose SIREN starts the SIRET given by ProConnect, or None."""
    siren = (siret or "").strip()[:9]
    if len(siren) != 9 or not siren.isdigit():
        return None
    return Collectivite.objects.filter(
        siren=siren, type__in=[TypeCollectivite.COMMUNE, TypeCollectivite.EPCI]
    ).first()


def sans_rattachement(user):
    """Whether ``user`` belongs to no organisation and holds no role: who may ask for access."""
    return user.is_authenticated and not user.roles and not user.rattachements.exists()


def derniere_demande_acces(user):
    return user.demandes_acces.select_related("collectivite", "traitee_par").first()


def demandes_acces_a_traiter():
    """The pending requests, oldest first, and those handled in the last 30 days."""
    base = DemandeAcces.objects.select_related("user", "collectivite", "traitee_par")
    en_attente = base.filter(statut=StatutDemandeAcces.EN_ATTENTE).order_by("date_creation", "pk")
    traitees = base.exclude(statut=StatutDemandeAcces.EN_ATTENTE).filter(
        date_traitement__gte=timezone.now() - TRAITEES_RECENTES
    )
    return list(en_attente), list(traitees.order_by("-date_traitement", "-pk")[:50])


def nombre_de_demandes_acces_en_attente():
    return DemandeAcces.objects.filter(statut=StatutDemandeAcces.EN_ATTENTE).count()


def membres_de(organisation):
    """What the members' page shows: the members, the pending invitations, the history."""
    return {
        "membres": list(
            Rattachement.objects.filter(**organisation.filtre)
            .select_related("user")
            .order_by("user__nom", "user__prenom", "user__email")
        ),
        "invitations": list(
            Invitation.objects.filter(**organisation.filtre, statut=StatutInvitation.EN_COURS)
            .select_related("invite_par")
            .order_by("-date_creation")
        ),
        "mouvements": list(MouvementMembre.objects.filter(**organisation.filtre)[:30]),
    }
