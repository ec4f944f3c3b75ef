"""What every page's header shows an operator (see ``TEMPLATES`` in the settings)."""

from guichet.comptes.roles import Role
from guichet.context_processors import paresseux

from .selectors import a_repondre


def boite(request):
    """Routings waiting for an operator's answer, counted lazily; other roles pay nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.a_le_role(Role.OPERATEUR):
        return {"orientations_a_repondre": 0}
    return {"orientations_a_repondre": paresseux(lambda: a_repondre(user))}
