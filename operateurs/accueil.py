"""What the home page lists as waiting on an operator (``ACCUEIL_A_FAIRE``)."""

from django.urls import reverse
from django.utils.http import urlencode

from guichet.a_faire import AFaire, accorder
from guichet.comptes.roles import Role

from . import selectors
from .models import Operateur, StatutOrientation


def _lien(compte, statut):
    """The demande's page when it is alone (its answers are there), the inbox otherwise."""
    if not compte.nombre:
        return None
    if compte.nombre == 1:
        return reverse("demandes:detail", args=[compte.premier])
    return f"{reverse('operateurs:boite')}?{urlencode({'statut': statut})}"


def a_faire(user):
    if not user.a_le_role(Role.OPERATEUR):
        return []
    comptes = selectors.a_faire(user)
    compte = comptes["a_accepter"]
    a_accepter = AFaire(
        accorder(compte.nombre, "orientation à accepter", "orientations à accepter", feminin=True),
        _lien(compte, StatutOrientation.PROPOSEE),
        "Demandes orientées vers vous : acceptez-les ou déclinez-les",
    )
    compte = comptes["avis_a_donner"]
    avis = AFaire(
        accorder(compte.nombre, "avis à donner", "avis à donner", feminin=False),
        _lien(compte, StatutOrientation.ACCEPTEE),
        "Accompagnements acceptés, sans avis ni offre",
    )
    return [a_accepter, avis]


def partenaires():
    """The active operators, named on the home page (``ACCUEIL_PARTENAIRES``)."""
    return Operateur.objects.filter(actif=True).only("nom")
