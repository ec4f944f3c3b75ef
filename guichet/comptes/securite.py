"""Login throttling helpers for django-axes."""

from guichet.comptes.models import UserManager


def identifiant_de_connexion(request, credentials=None):
    """The email a login attempt is for, normalised as accounts store it.

    The login form names its field ``username`` while the user model's field is ``email``;
    normalising means « Maire@Delle.demo » and « maire@delle.demo » count as one account.
    """
    valeur = (credentials or {}).get("username") or request.POST.get("username", "")
    return UserManager.normalize_email(valeur)
