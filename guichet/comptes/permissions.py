"""Who may manage whose account: nobody gives, or takes over, a right they do not hold.

An Administrateur manages accounts in the admin without being a superuser. Setting another
person's password or attaching an account to an organisation hands over that account's rights;
so a non-superuser may do it only where those rights are already its own.
"""

from django.contrib.auth.models import Permission
from django.db.models import Q

from guichet.comptes.models import ServiceEtat
from guichet.comptes.roles import PERMISSIONS_PAR_ROLE, Role

ROLE_DU_SERVICE = {ServiceEtat.PREFECTURE: Role.PREFECTURE, ServiceEtat.DDT: Role.DDT}


def permissions_de(user):
    """The model permissions ``user`` holds, from its groups or given directly, as
    ``"app_label.codename"``. Read even while the account is inactive: reactivating it gives
    them back."""
    if user.pk is None:
        return set()
    couples = (
        Permission.objects.filter(Q(group__user=user) | Q(user=user))
        .values_list("content_type__app_label", "codename")
        .distinct()
    )
    return {f"{app_label}.{codename}" for app_label, codename in couples}


def peut_gerer_le_compte(par, user):
    """Whether ``par`` may change, deactivate or set the password of ``user``'s account: a
    superuser always; anyone else only for an account with no right that ``par`` lacks."""
    if par.is_superuser:
        return True
    if user.is_superuser:
        return False
    return permissions_de(user) <= permissions_de(par)


def se_donne_un_role(par, user):
    """Whether a non-superuser would change its own roles: memberships are given by another
    administrator, so that nobody grants itself an organisation's or a comité's rights."""
    return not par.is_superuser and user.pk is not None and user.pk == par.pk


def peut_donner_le_role(par, role):
    """Whether ``par`` holds every model permission that ``role`` carries."""
    return par.is_superuser or set(PERMISSIONS_PAR_ROLE[role]) <= permissions_de(par)


def refus_du_rattachement(par, rattachement):
    """Why ``par`` may not create, change or remove ``rattachement``, in French; "" if it may.

    A non-superuser never touches its own attachments, nor those of an account it may not
    manage, nor gives a role carrying a model permission it lacks (an Administrateur cannot
    attach anyone to the préfecture or the DDT). Attaching people to a collectivité or an
    operator is the Administrateur's job: those roles carry no model permission, only the
    object permissions of that one organisation.
    """
    if par.is_superuser:
        return ""
    user = rattachement.user
    if se_donne_un_role(par, user):
        return (
            "Vous ne pouvez pas modifier vos propres rattachements : "
            "demandez-le à un autre administrateur."
        )
    if not peut_gerer_le_compte(par, user):
        return (
            "Ce compte a des droits que vous n'avez pas : "
            "seul un superutilisateur peut modifier ses rattachements."
        )
    role = role_du_rattachement(rattachement)
    if role is not None and not peut_donner_le_role(par, role):
        return (
            f"Ce rattachement donnerait des droits que vous n'avez pas (rôle « {role.label} ») : "
            "seul un superutilisateur peut le faire."
        )
    return ""


def role_du_rattachement(rattachement):
    """The role an attachment gives, or None while it names no organisation."""
    if rattachement.collectivite_id:
        return Role.COLLECTIVITE
    if rattachement.operateur_id:
        return Role.OPERATEUR
    return ROLE_DU_SERVICE.get(rattachement.service)
