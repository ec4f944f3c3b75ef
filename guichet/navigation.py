"""The main navigation and the site map, which depend on the person's roles.

Each app adds its entries here when its pages exist; an entry is shown to the people its rule
``pour`` lets in (a function of the user: everyone signed in unless said otherwise). The rule is
the one of the page it leads to, so that nobody is shown a link to a 403.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, reverse

from guichet.comptes.roles import Role, est_agent_de_l_etat, voit_la_vue_nationale


def tout_le_monde(user):
    return True


def connecte(user):
    return user.is_authenticated


def anonyme(user):
    return not user.is_authenticated


def avec_le_role(*roles):
    def regle(user):
        return user.is_authenticated and user.a_le_role(*roles)

    return regle


def de_l_etat(user):
    """The dashboard's rule: the préfecture, the DDT and the superuser."""
    return user.is_authenticated and est_agent_de_l_etat(user)


def du_comite(user):
    """The séances' rule: the State and the comité's members."""
    return de_l_etat(user) or avec_le_role(Role.MEMBRE_COMITE)(user)


def sans_organisation(user):
    """Who may ask for access: signed in, no role yet (nor any attachment, which gives one)."""
    return user.is_authenticated and not user.roles


def de_l_administration(user):
    return user.is_authenticated and user.is_staff


@dataclass(frozen=True)
class Entree:
    libelle: str
    url_name: str
    pour: Callable = connecte


ENTREES = [
    Entree("Accueil", "accueil", tout_le_monde),
    Entree("Mes demandes", "demandes:liste", avec_le_role(Role.COLLECTIVITE)),
    Entree("Nouvelle demande", "demandes:nouvelle", avec_le_role(Role.COLLECTIVITE)),
    Entree("Tableau de bord", "tableau:index", de_l_etat),
    Entree("Demandes orientées", "operateurs:boite", avec_le_role(Role.OPERATEUR)),
    Entree("Opérateurs", "operateurs:annuaire"),
    Entree("Comité", "comite:seances", du_comite),
    Entree("Bilan de l'année", "accompagnement:bilan_de_l_annee", du_comite),
    Entree("Demandes d'accès", "acces:validation", de_l_etat),
    Entree("Vue nationale", "national:index", voit_la_vue_nationale),
    Entree("Membres", "membres:collectivite", avec_le_role(Role.COLLECTIVITE)),
    Entree("Mon équipe", "membres:operateur", avec_le_role(Role.OPERATEUR)),
    Entree("Mon équipe", "membres:etat", avec_le_role(Role.PREFECTURE, Role.DDT)),
    Entree("Demander l'accès", "comptes:demande_acces", sans_organisation),
    Entree("Administration", "admin:index", de_l_administration),
]

# Where a person comes to a demande from, first match wins: the menu entry that is active on a
# demande's pages and the "list" step of their breadcrumb. The State triages on its dashboard
# (even a State agent who also belongs to a collectivité), a collectivité follows its own list,
# an operator its routed requests, a comité member the séances.
LISTES_DES_DEMANDES = ["tableau:index", "demandes:liste", "operateurs:boite", "comite:seances"]

COMPTE = [
    Entree("Notifications", "notifications:centre"),
    Entree("Préférences de notification", "notifications:preferences"),
    Entree("Mes données personnelles", "comptes:mes_donnees"),
    Entree("Changer de mot de passe", "comptes:changement_mot_de_passe"),
    # An operator's or a State service's tools (api/): the roles their members hold.
    Entree(
        "Jetons d'API",
        "api_portail:jetons",
        avec_le_role(Role.OPERATEUR, Role.PREFECTURE, Role.DDT),
    ),
    Entree(
        "Webhooks", "api_portail:webhooks", avec_le_role(Role.OPERATEUR, Role.PREFECTURE, Role.DDT)
    ),
    Entree("Se connecter", "comptes:connexion", anonyme),
    Entree("Mot de passe oublié", "comptes:reinitialisation", anonyme),
]

# What the portal publishes for everyone: the comité's records, when it publishes them.
PUBLICATIONS = [
    Entree("Relevés de décisions du comité", "comite:releves", tout_le_monde),
]

# The pages every State site links from its footer.
INFORMATIONS = [
    Entree("Accessibilité", "accessibilite", tout_le_monde),
    Entree("Mentions légales", "mentions_legales", tout_le_monde),
    Entree("Données personnelles", "donnees_personnelles", tout_le_monde),
    Entree("Données ouvertes", "donnees:index", tout_le_monde),
    Entree("Plan du site", "plan_du_site", tout_le_monde),
]


@lru_cache(maxsize=64)
def _url(url_name, prefixe):
    return reverse(url_name)


def url_de(url_name):
    """The URL of ``url_name``, resolved once per process (and script prefix): every page
    shows the menu."""
    return _url(url_name, get_script_prefix())


def _liens(entrees, user):
    return [
        {"libelle": entree.libelle, "url": url_de(entree.url_name), "actif": False}
        for entree in entrees
        if entree.pour(user)
    ]


def liste_des_demandes(user):
    """The entry (label and URL) a demande's pages belong to for ``user``; None when none."""
    par_nom = {entree.url_name: entree for entree in ENTREES}
    for url_name in LISTES_DES_DEMANDES:
        if par_nom[url_name].pour(user):
            return {"libelle": par_nom[url_name].libelle, "url": url_de(url_name)}
    return None


def entrees_pour(user, chemin):
    """The menu entries ``user`` sees, each with its URL and whether it is current: ``"page"``
    for the page itself, ``"true"`` for the section the page belongs to (the DSFR's values of
    ``aria-current``), ``False`` otherwise."""
    if not user.is_authenticated:
        return []
    resultat = _liens(ENTREES, user)
    exacte = next((e for e in resultat if e["url"] == chemin), None)
    if exacte:
        exacte["actif"] = "page"
        return resultat
    # The section: the entry with the longest URL that starts the path (the home page aside).
    sections = [e for e in resultat if e["url"] != "/" and chemin.startswith(e["url"])]
    section = max(sections, key=lambda e: len(e["url"]), default=None)
    demandes = url_de("demandes:liste")
    if chemin.startswith(demandes) and (section is None or section["url"] == demandes):
        liste = liste_des_demandes(user)
        section = next((e for e in resultat if liste and e["url"] == liste["url"]), section)
    if section:
        section["actif"] = "true"
    return resultat


def plan_du_site(user, chemin=""):
    """The site map as ``user`` may use it: titled sections of links, from the same entries and
    rules as the menu, the account's pages, and the information pages."""
    sections = [
        ("Pages principales", _liens(ENTREES, user)),
        ("Mon compte", _liens(COMPTE, user)),
        ("Publications", _liens(PUBLICATIONS, user)),
        ("Informations", _liens(INFORMATIONS, user)),
    ]
    for _, liens in sections:
        for lien in liens:
            lien["actif"] = "page" if lien["url"] == chemin else False
    return [{"titre": titre, "liens": liens} for titre, liens in sections if liens]


__all__ = ["ENTREES", "Entree", "Role", "entrees_pour", "liste_des_demandes", "plan_du_site"]
