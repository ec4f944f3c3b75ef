"""Which of an operator's people follow a demande routed to it: the local team that serves the
demande's département, or the national group when no team serves it (an operator without
teams is one group). Its group holds the rights on the demande (django-guardian), its members
hear of it."""

from django.contrib.auth.models import Group
from django.db.models import Q

from guichet.comptes.models import User
from guichet.comptes.services import groupe_d_equipe, groupe_d_operateur


def departement_de(demande):
    return demande.departement_id


def equipe_pour(operateur, demande):
    """The operator's team serving the demande's département, or ``None``."""
    return operateur.equipes.filter(departements=departement_de(demande)).order_by("pk").first()


def groupe_pour(operateur, demande):
    """The group that receives the operator's rights on ``demande``."""
    equipe = equipe_pour(operateur, demande)
    return groupe_d_equipe(equipe) if equipe else groupe_d_operateur(operateur)


def groupes_de(operateur):
    """Every group of the operator: the national one and its teams'."""
    return Group.objects.filter(Q(operateur=operateur) | Q(equipe_operateur__operateur=operateur))


def membres_pour(operateur, demande):
    """The operator's active members who follow ``demande``: the team's, or the national
    group's (those of no team)."""
    return User.objects.filter(
        is_active=True,
        rattachements__operateur=operateur,
        rattachements__equipe=equipe_pour(operateur, demande),
    ).distinct()


def redistribuer_les_droits(operateur):
    """After the operator's teams or their départements changed: each routing still open moves
    to the group that serves its demande's département now, and leaves the others."""
    from guardian.shortcuts import assign_perm, remove_perm

    from .models import StatutOrientation

    groupes = list(groupes_de(operateur))
    for orientation in operateur.orientations.exclude(
        statut=StatutOrientation.DECLINEE
    ).select_related("demande__collectivite"):
        demande = orientation.demande
        cible = groupe_pour(operateur, demande)
        for groupe in groupes:
            if groupe != cible:
                remove_perm("view_demande", groupe, demande)
        assign_perm("view_demande", cible, demande)
