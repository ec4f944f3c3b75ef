from functools import cache

from guichet.navigation import entrees_pour, liste_des_demandes
from guichet.notifications.models import nombre_non_lues

# What django-dsfr's header and footer read from SITE_CONFIG, kept in code rather than in
# its database table (one query less on every page, and versioned with the templates).
SITE_CONFIG = {
    "site_title": "Guichet unique",
    "site_tagline": "Comité local de cohésion des territoires du Territoire de Belfort",
    "header_brand_html": "Préfet<br>du Territoire<br>de Belfort",
    "footer_brand_html": "Préfet<br>du Territoire<br>de Belfort",
    "footer_brand": "Préfet du Territoire de Belfort",
    "footer_description": (
        "Le guichet unique permet aux collectivités du Territoire de Belfort de présenter "
        "leurs projets à l'État et aux opérateurs partenaires de l'Agence nationale de la "
        "cohésion des territoires."
    ),
    # The RGAA compliance the accessibility statement declares: "non conforme" until an audit
    # measures it (then "partiellement conforme" or "totalement conforme", with its rate).
    "accessibilite": "non conforme",
}


def paresseux(compter):
    """``compter()``'s number when a template first reads it, then the same: the template
    calls what it is given, and a number (unlike a lazy object) takes ``pluralize``."""
    return cache(compter)


def _compteur(user):
    """Unread notifications, counted lazily: only pages that show the header pay the query."""
    if user is None or not user.is_authenticated:
        return 0
    return paresseux(lambda: nombre_non_lues(user))


def portail(request):
    # django-csp only adds a nonce it has handed out; django-dsfr's script tag tests the lazy
    # nonce for truth before reading it, which never hands it out. Reading it here does.
    nonce = str(request.csp_nonce) if hasattr(request, "csp_nonce") else ""
    user = getattr(request, "user", None)
    return {
        "csp_nonce": nonce,
        "notifications_non_lues": _compteur(user),
        "SITE_CONFIG": SITE_CONFIG,
        "navigation": entrees_pour(user, request.path) if user else [],
        "liste_des_demandes": liste_des_demandes(user) if user else None,
    }
