from dataclasses import dataclass
from functools import cache

from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from guichet.comptes.selectors import departement_de_la_personne
from guichet.navigation import entrees_pour, liste_des_demandes
from guichet.notifications.models import nombre_non_lues

# What django-dsfr's header and footer read from SITE_CONFIG, kept in code rather than in
# its database table (one query less on every page, and versioned with the templates). The
# département they name is the person's (``Marque``).
SITE_CONFIG = {
    "site_title": "Guichet unique",
    # The RGAA compliance the accessibility statement declares: "non conforme" until an audit
    # measures it (then "partiellement conforme" or "totalement conforme", with its rate).
    "accessibilite": "non conforme",
}


@dataclass(frozen=True)
class Marque:
    """The State's signature in the header and the footer: the préfet of a département
    (``du_nom``: « du Doubs »), or the République alone when no département can be named
    (``du_nom`` empty). The DSFR writes its brand block in capitals, on short lines."""

    du_nom: str = ""

    @property
    def prefet(self):
        return f"Préfet {self.du_nom}" if self.du_nom else "République française"

    @property
    def lignes(self):
        """« Préfet / du Territoire / de Belfort », « Préfet / de la Côte-d'Or »,
        « République / française »."""
        if not self.du_nom:
            return ["République", "française"]
        debut, de, fin = self.du_nom.partition(" de ")
        return ["Préfet", debut, f"de {fin}"] if de else ["Préfet", self.du_nom]

    @property
    def bloc_html(self):
        return format_html_join(mark_safe("<br>"), "{}", ((ligne,) for ligne in self.lignes))

    @property
    def sous_titre(self):
        if not self.du_nom:
            return "Comités locaux de cohésion des territoires"
        return f"Comité local de cohésion des territoires {self.du_nom}"

    @property
    def description(self):
        collectivites = f"collectivités {self.du_nom}" if self.du_nom else "collectivités"
        return (
            f"Le guichet unique permet aux {collectivites} de présenter leurs "
            "projets à l'État et aux opérateurs partenaires de l'Agence nationale de la "
            "cohésion des territoires."
        )


# Without a database (the server error page) or without a person, no département can be named:
# one instance serves them all (issue #23), so the République signs alone.
MARQUE_NEUTRE = Marque()


def _marque(user):
    """The person's préfet, read (one query) when a template first shows it."""
    return SimpleLazyObject(
        lambda: Marque(departement_de_la_personne(user).du_nom) if user else MARQUE_NEUTRE
    )


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
        "marque": _marque(user),
        "navigation": entrees_pour(user, request.path) if user else [],
        "liste_des_demandes": liste_des_demandes(user) if user else None,
    }
