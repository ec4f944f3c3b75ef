"""What the home page lists as waiting on the State about accounts (``ACCUEIL_A_FAIRE``)."""

from django.urls import reverse

from guichet.a_faire import AFaire, accorder
from guichet.comptes import selectors
from guichet.comptes.roles import est_agent_de_l_etat


def a_faire(user):
    """The access requests to validate, shown to the State's agents while there are some."""
    if not est_agent_de_l_etat(user):
        return []
    nombre = selectors.nombre_de_demandes_acces_en_attente(user)
    if not nombre:
        return []
    libelle = accorder(
        nombre, "demande d'accès à examiner", "demandes d'accès à examiner", feminin=True
    )
    return [AFaire(libelle, reverse("acces:validation"), "Validez-les ou refusez-les")]
