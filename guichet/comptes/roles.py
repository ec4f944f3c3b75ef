"""The roles of the portal. Each role is a Django group of the same name.

``PERMISSIONS_PAR_ROLE`` is the one place that says which model permissions a role carries;
later apps add their permissions here. Object permissions (a collectivité's own demandes, an
operator's routed ones) are granted elsewhere, to one group per collectivité or operator.
"""

from django.db import models
from django.db.models import Q


class Role(models.TextChoices):
    COLLECTIVITE = "collectivite", "Collectivité"
    PREFECTURE = "prefecture", "Préfecture"
    DDT = "ddt", "DDT"
    OPERATEUR = "operateur", "Opérateur"
    MEMBRE_COMITE = "membre_comite", "Membre du comité"
    ADMINISTRATEUR = "administrateur", "Administrateur"
    # National, attached to no organisation: a superuser gives this group in the admin.
    ANCT = "anct", "Agent de l'ANCT"


ROLES_ETAT = frozenset({Role.PREFECTURE, Role.DDT})


def est_agent_de_l_etat(user, departement=None):
    """State staff: a person of a préfecture or a DDT, or a superuser, who acts as one.

    Given a département (or its id), only the staff of that département's services: a
    préfecture's agent acts on its own département's demandes, comité and rules, never on
    another's. A superuser acts everywhere.
    """
    if user.is_superuser:
        return True
    if not user.a_le_role(*ROLES_ETAT):
        return False
    if departement is None:
        return True
    return getattr(departement, "pk", departement) in user.departements_de_l_etat


def dans_ses_departements(user, champ="departement"):
    """A filter keeping the rows of the départements where ``user`` acts for the State
    (``champ`` leads from the row to its département): every row for a superuser, none for
    someone without a State service."""
    if user.is_superuser:
        return Q()
    if not user.a_le_role(*ROLES_ETAT):
        return Q(pk__in=[])
    return Q(**{f"{champ}__in": user.departements_de_l_etat})


def departements_vus(user):
    """The ids of the départements whose demandes ``user`` sees as the State, or None for every
    one (a superuser); empty for someone without a State service."""
    return None if user.is_superuser else user.departements_de_l_etat


def voit_la_vue_nationale(user):
    """The national view's rule: the ANCT's agents and the superuser. It shows figures only,
    never a demande: the role opens no demande, no dashboard and no export of a département."""
    return user.is_authenticated and (user.is_superuser or user.a_le_role(Role.ANCT))


PERMISSIONS_PAR_ROLE = {
    Role.COLLECTIVITE: [],
    Role.PREFECTURE: ["demandes.view_demande", "demandes.change_demande"],
    Role.DDT: ["demandes.view_demande", "demandes.change_demande"],
    Role.OPERATEUR: [],
    Role.MEMBRE_COMITE: [],
    Role.ANCT: [],
    Role.ADMINISTRATEUR: [
        "comptes.view_user",
        "comptes.add_user",
        "comptes.change_user",
        "comptes.view_rattachement",
        "comptes.add_rattachement",
        "comptes.change_rattachement",
        "comptes.delete_rattachement",
        "comptes.view_demandeacces",
        "comptes.view_invitation",
        "comptes.view_mouvementmembre",
        "territoire.view_collectivite",
        "territoire.change_collectivite",
        "territoire.view_thematique",
        "territoire.add_thematique",
        "territoire.change_thematique",
        "territoire.view_programmenational",
        "territoire.add_programmenational",
        "territoire.change_programmenational",
        "territoire.view_operateur",
        "territoire.add_operateur",
        "territoire.change_operateur",
        "territoire.view_equipeoperateur",
        "territoire.add_equipeoperateur",
        "territoire.change_equipeoperateur",
        "territoire.delete_equipeoperateur",
        "demandes.view_demande",
        "demandes.view_demandecomplement",
        "notifications.view_notification",
        "comite.view_comite",
        "comite.view_membrecomite",
        "comite.add_membrecomite",
        "comite.change_membrecomite",
        "comite.delete_membrecomite",
        "comite.view_seance",
        "comite.view_modificationordredujour",
        "demarches.view_demarche",
        "demarches.add_demarche",
        "demarches.change_demarche",
        "demarches.view_correspondancechamp",
        "demarches.add_correspondancechamp",
        "demarches.change_correspondancechamp",
        "demarches.delete_correspondancechamp",
        "demarches.view_dossierprepare",
    ],
}


def nom_du_groupe(role):
    return Role(role).label
