"""What an operator may do with a routing (an ``Orientation``), by its status and its demande's.

The services check it before every answer; the request page shows only the buttons it allows.
"""

from demandes.models import Statut
from demandes.workflow import STATUTS_CLOS

from .models import StatutOrientation

S = StatutOrientation

ACTIONS = {
    "accepter": frozenset({S.PROPOSEE}),
    "decliner": frozenset({S.PROPOSEE, S.ACCEPTEE}),
    "donner_avis": frozenset({S.ACCEPTEE}),
    "terminer": frozenset({S.ACCEPTEE}),
}
# Once the State has closed the demande, the operators' answers are frozen; an accepted support
# may still be marked finished.
FIGEES_PAR_LA_CLOTURE = frozenset({"accepter", "decliner", "donner_avis"})


def refus(nom, orientation):
    """Why ``nom`` is impossible on ``orientation`` (its demande loaded); ``None`` if possible."""
    if orientation.statut not in ACTIONS[nom]:
        return f"Impossible : l'orientation est « {orientation.get_statut_display()} »."
    statut = orientation.demande.statut
    if nom in FIGEES_PAR_LA_CLOTURE and statut in STATUTS_CLOS:
        return (
            f"Impossible : la demande est « {Statut(statut).label} » ; "
            "l'État doit la rouvrir avant toute nouvelle réponse."
        )
    return None


def actions_possibles(orientation):
    return {nom for nom in ACTIONS if refus(nom, orientation) is None}
