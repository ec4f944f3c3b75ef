"""The main navigation, which depends on the person's roles.

Each app adds its entries here when its pages exist; an entry is shown to the people holding
one of its roles (``roles=None``: everyone signed in; ``staff=True``: admin access).
"""

from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, reverse

from guichet.comptes.roles import Role


@dataclass(frozen=True)
class Entree:
    libelle: str
    url_name: str
    roles: frozenset | None = None
    staff: bool = False


ENTREES = [
    Entree("Accueil", "accueil"),
    Entree("Mes demandes", "demandes:liste", roles=frozenset({Role.COLLECTIVITE})),
    Entree("Nouvelle demande", "demandes:nouvelle", roles=frozenset({Role.COLLECTIVITE})),
    Entree("Tableau de bord", "tableau:index", roles=frozenset({Role.PREFECTURE, Role.DDT})),
    Entree("Demandes orientées", "operateurs:boite", roles=frozenset({Role.OPERATEUR})),
    Entree("Opérateurs", "operateurs:annuaire"),
    Entree(
        "Comité", "comite:seances", roles=frozenset({Role.MEMBRE_COMITE, Role.PREFECTURE, Role.DDT})
    ),
    Entree("Administration", "admin:index", staff=True),
]


@lru_cache(maxsize=64)
def _url(url_name, prefixe):
    return reverse(url_name)


def url_de(url_name):
    """The URL of ``url_name``, resolved once per process (and script prefix): every page
    shows the menu."""
    return _url(url_name, get_script_prefix())


def _visible(entree, user):
    if entree.staff:
        return user.is_staff
    return entree.roles is None or bool(user.roles & entree.roles)


def entrees_pour(user, chemin):
    """The entries ``user`` sees, each with its URL and whether it is the current page."""
    if not user.is_authenticated:
        return []
    resultat = [
        {"libelle": entree.libelle, "url": url_de(entree.url_name), "actif": False}
        for entree in ENTREES
        if _visible(entree, user)
    ]
    # The current page is the entry with the longest URL that starts the path.
    candidates = [
        e
        for e in resultat
        if chemin == e["url"] or (e["url"] != "/" and chemin.startswith(e["url"]))
    ]
    if candidates:
        max(candidates, key=lambda e: len(e["url"]))["actif"] = True
    return resultat


__all__ = ["ENTREES", "Entree", "Role", "entrees_pour"]
