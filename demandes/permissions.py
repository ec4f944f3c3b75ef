"""Who may use the collectivité's pages of the demandes."""

from guichet.comptes.roles import Role
from guichet.territoire.models import Collectivite


def collectivites_de(user):
    """The collectivités ``user`` files for (a person may serve several)."""
    return Collectivite.objects.filter(rattachements__user=user).order_by("nom")


def peut_deposer(user):
    return user.is_authenticated and user.a_le_role(Role.COLLECTIVITE)
