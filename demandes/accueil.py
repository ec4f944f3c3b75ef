"""What the home page lists as waiting on a State agent or on a collectivité
(``ACCUEIL_A_FAIRE``)."""

from django.urls import reverse
from django.utils.http import urlencode

from guichet.a_faire import AFaire, accorder
from guichet.comptes.roles import Role, est_agent_de_l_etat

from . import permissions, selectors
from .models import Statut


def _lien(compte, une, plusieurs):
    """The demande's own page when it is alone, the list of them otherwise; none when none."""
    if not compte.nombre:
        return None
    return reverse(une, args=[compte.premier]) if compte.nombre == 1 else plusieurs


def _tableau(**filtres):
    # Every open demande (« toutes »), then the filters: whatever the default tab holds.
    return f"{reverse('tableau:index')}?{urlencode({'onglet': 'toutes', **filtres})}"


def a_faire(user):
    taches = []
    if est_agent_de_l_etat(user):
        comptes = selectors.a_faire_de_l_etat(user)
        compte = comptes["a_prendre_en_charge"]
        taches.append(
            AFaire(
                accorder(
                    compte.nombre,
                    "demande à prendre en charge",
                    "demandes à prendre en charge",
                    feminin=True,
                ),
                _lien(compte, "demandes:detail", _tableau(statut=Statut.DEPOSEE)),
                "Déposées par les collectivités, sans référent à l'État",
            )
        )
        compte = comptes["a_instruire"]
        taches.append(
            AFaire(
                accorder(
                    compte.nombre, "demande à instruire", "demandes à instruire", feminin=True
                ),
                _lien(
                    compte,
                    "demandes:detail",
                    _tableau(statut=Statut.EN_INSTRUCTION, mes_demandes="on"),
                ),
                "En instruction, dont vous êtes le référent",
            )
        )
    if user.a_le_role(Role.COLLECTIVITE):
        comptes = selectors.a_faire_de_la_collectivite(user)
        par_collectivite = (
            selectors.a_faire_par_collectivite(user)
            if permissions.collectivites_de(user).count() > 1
            else []
        )
        liste = reverse("demandes:liste")
        compte = comptes["complements"]
        taches.append(
            AFaire(
                accorder(
                    compte.nombre, "complément à fournir", "compléments à fournir", feminin=False
                ),
                _lien(compte, "demandes:completer", liste),
                "Questions de l'État sur vos demandes"
                + _dans_chaque_collectivite(par_collectivite, "complements"),
            )
        )
        compte = comptes["brouillons"]
        taches.append(
            AFaire(
                accorder(
                    compte.nombre, "brouillon à déposer", "brouillons à déposer", feminin=False
                ),
                _lien(compte, "demandes:modifier", liste),
                "Demandes enregistrées, pas encore envoyées"
                + _dans_chaque_collectivite(par_collectivite, "brouillons"),
            )
        )
    return taches


def _dans_chaque_collectivite(par_collectivite, cle):
    """« (Delle : 1 ; Grandvillars : 2) » for a person of several collectivités; "" else."""
    lignes = [
        f"{ligne['collectivite__nom']} : {ligne[cle]}" for ligne in par_collectivite if ligne[cle]
    ]
    return f" ({' ; '.join(lignes)})" if lignes else ""
