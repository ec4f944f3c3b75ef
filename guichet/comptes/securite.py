"""Who is asking, and how often: the client's address, and the counters that throttle logins and
password-reset requests.

django-axes locks one account from one client address after a few failures; the counters here
bound what one client address may cost the server (a password hash per login attempt) or have
it send (a reset email per request), whatever the accounts it tries.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from ipware.ip import get_client_ip

from guichet.comptes.models import UserManager

logger = logging.getLogger(__name__)


def identifiant_de_connexion(request, credentials=None):
    """The email a login attempt is for, normalised as accounts store it.

    The login form names its field ``username`` while the user model's field is ``email``;
    normalising means « Maire@Delle.demo » and « maire@delle.demo » count as one account.
    """
    valeur = (credentials or {}).get("username") or request.POST.get("username", "")
    return UserManager.normalize_email(valeur)


def adresse_du_client(request):
    """The address of the person's machine, as the first of our reverse proxies saw it.

    With no proxy (``PROXYS_DEVANT_LE_PORTAIL`` = 0), the connection's address. Behind N proxies
    that each append to X-Forwarded-For the address they received the request from, the Nth
    address from the right of that header: whatever stands further left was written by the
    client itself and proves nothing. A header too short to hold it (a request that did not come
    through the proxies) leaves the connection's address.
    """
    proxys = settings.PROXYS_DEVANT_LE_PORTAIL
    if proxys:
        # django-ipware counts the proxies listed in the header, which the last one is not.
        adresse, _ = get_client_ip(
            request,
            proxy_count=proxys - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
        if adresse:
            return adresse
    return request.META.get("REMOTE_ADDR") or None


def _cle(quoi, valeur):
    # Hashed: the cache holds no email address, and any value makes a valid key.
    return "limite:" + hashlib.sha256(f"{quoi}:{valeur}".encode()).hexdigest()


def nombre(quoi, valeur):
    """How many ``quoi`` were counted for ``valeur`` in the current window."""
    try:
        return cache.get(_cle(quoi, valeur), 0)
    except Exception:  # an unreachable cache must not refuse anyone
        logger.warning("Cache injoignable : limite « %s » non vérifiée", quoi, exc_info=True)
        return 0


def compter(quoi, valeur, *, duree):
    """Count one more ``quoi`` for ``valeur`` and return the count in the current window.

    The window opens with the first count and lasts ``duree`` seconds. Counted in the cache
    shared by the web processes (``CACHE_URL``); without it, each process counts on its own.
    """
    cle = _cle(quoi, valeur)
    try:
        cache.add(cle, 0, timeout=duree)
        return cache.incr(cle)
    except ValueError:  # the window closed between the two calls: this count opens the next
        cache.set(cle, 1, timeout=duree)
        return 1
    except Exception:
        logger.warning("Cache injoignable : limite « %s » non comptée", quoi, exc_info=True)
        return 0


def duree_du_verrouillage():
    """The login lockout and throttle window, in seconds (``AXES_COOLOFF_HEURES``)."""
    return round(settings.AXES_COOLOFF_TIME * 3600)


def connexions_epuisees(request):
    """Whether the client's address has used up its login attempts for now."""
    tentatives = nombre("connexion", adresse_du_client(request))
    return tentatives >= settings.CONNEXIONS_PAR_IP


class LimiteDeConnexionsBackend:
    """Counts every login attempt by client address, on every login page (the portal's and the
    admin's), and refuses those beyond ``CONNEXIONS_PAR_IP`` before any password is hashed.

    It never authenticates anyone, so it has no ``get_user`` (as django-axes' backend): Django
    then never records it as the backend of a session (``Client.force_login`` picks the first
    backend that has one).
    """

    def authenticate(self, request, **credentials):
        if request is not None:
            tentatives = compter(
                "connexion", adresse_du_client(request), duree=duree_du_verrouillage()
            )
            if tentatives > settings.CONNEXIONS_PAR_IP:
                raise PermissionDenied
        return None  # the next backends check the password


UNE_HEURE = 60 * 60


def reinitialisation_refusee(request, email):
    """Count a password-reset request and say whether it goes beyond the limits of the hour:
    per client address, and per email address asked for (known or not, so that the answer
    reveals nothing)."""
    depuis_le_client = compter("reinitialisation ip", adresse_du_client(request), duree=UNE_HEURE)
    if depuis_le_client > settings.REINITIALISATIONS_PAR_IP:
        return True
    pour_l_adresse = compter(
        "reinitialisation adresse", UserManager.normalize_email(email), duree=UNE_HEURE
    )
    return pour_l_adresse > settings.REINITIALISATIONS_PAR_ADRESSE
