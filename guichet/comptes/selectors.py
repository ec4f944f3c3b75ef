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
from guichet.comptes.roles import dans_ses_departements
from guichet.territoire.models import Collectivite, Departement, TypeCollectivite

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


def de_ses_departements(user):
    """The access requests the préfecture and the DDT of ``user`` handle: those to join a
    collectivité of their départements."""
    return dans_ses_departements(user, "collectivite__departement")


def demandes_acces_a_traiter(user):
    """The pending requests ``user`` handles, oldest first, and those handled in the last 30
    days."""
    base = DemandeAcces.objects.filter(de_ses_departements(user)).select_related(
        "user", "collectivite", "traitee_par"
    )
    en_attente = base.filter(statut=StatutDemandeAcces.EN_ATTENTE).order_by("date_creation", "pk")
    traitees = base.exclude(statut=StatutDemandeAcces.EN_ATTENTE).filter(
        date_traitement__gte=timezone.now() - TRAITEES_RECENTES
    )
    return list(en_attente), list(traitees.order_by("-date_traitement", "-pk")[:50])


def nombre_de_demandes_acces_en_attente(user):
    return DemandeAcces.objects.filter(
        de_ses_departements(user), statut=StatutDemandeAcces.EN_ATTENTE
    ).count()


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


def departement_de_la_personne(user):
    """The département ``user`` works in, as the header names its préfet: that of their State
    service, else that of their collectivité; the default one (``Departement.objects
    .par_defaut()``) for anyone else, or for whoever has several. One query; a second for
    whoever falls back on the default."""
    if not user.is_authenticated:
        return Departement.objects.par_defaut()
    return seul_departement_de(user) or Departement.objects.par_defaut()


def seul_departement_de(user):
    """The département ``user`` works in, as ``departement_de_la_personne`` finds it, but
    ``None`` where that one falls back on the default (nobody's, or several): for the texts
    that then use a neutral wording rather than name a département at random. One query: the
    person's attachments, with their départements."""
    etat, collectivites = {}, {}
    for rattachement in Rattachement.objects.filter(user=user).select_related(
        "departement", "collectivite__departement"
    ):
        if rattachement.service:
            etat[rattachement.departement_id] = rattachement.departement
        elif rattachement.collectivite_id:
            departement = rattachement.collectivite.departement
            collectivites[departement.pk] = departement
    # Their State service's first, else their collectivités'; one, or none at all.
    siens = etat or collectivites
    return next(iter(siens.values())) if len(siens) == 1 else None
