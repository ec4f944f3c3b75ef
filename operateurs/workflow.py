"""An operator's answers to a routing (an ``Orientation``): each one, the statuses it starts from,
the status it leads to, and who may give it. The one source of truth: the services check it,
the request page shows only the buttons it allows.

proposée → acceptée → terminée, or déclinée (from proposée or acceptée). Giving an opinion keeps
the status (``cible`` is ``None``). Every answer is given by a member of the operator; one who is
not gets ``PermissionDenied`` (a 403), a routing or a demande in the wrong status a
``ValidationError`` saying why.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError

from demandes.models import Statut
from demandes.workflow import STATUTS_CLOS

from .equipes import equipe_pour
from .models import StatutOrientation

S = StatutOrientation


@dataclass(frozen=True)
class Transition:
    nom: str
    sources: frozenset
    cible: str | None  # None: the routing keeps its status
    # Once the State has closed the demande, the operators' answers are frozen; an accepted
    # support may still be marked finished.
    figee_par_la_cloture: bool = True


TRANSITIONS = {
    t.nom: t
    for t in [
        Transition("accepter", frozenset({S.PROPOSEE}), S.ACCEPTEE),
        Transition("decliner", frozenset({S.PROPOSEE, S.ACCEPTEE}), S.DECLINEE),
        Transition("donner_avis", frozenset({S.ACCEPTEE}), None),
        Transition("terminer", frozenset({S.ACCEPTEE}), S.TERMINEE, figee_par_la_cloture=False),
    ]
}

COULEUR_BADGE = {
    S.PROPOSEE: "new",
    S.ACCEPTEE: "success",
    S.DECLINEE: "",
    S.TERMINEE: "",
}


def suit_l_orientation(user, orientation):
    """A member of the operator who follows the demande: of the local team serving its
    département, or of the national group when no team serves it. Read from the person's
    attachments, active or not: the operator's API account (``api.services.compte_technique``)
    never signs in, yet answers for it."""
    return user.rattachements.filter(
        operateur=orientation.operateur,
        equipe=equipe_pour(orientation.operateur, orientation.demande),
    ).exists()


def refus(nom, orientation):
    """Why ``nom`` is impossible on ``orientation`` (its demande loaded); ``None`` if possible."""
    transition = TRANSITIONS[nom]
    if orientation.statut not in transition.sources:
        return f"Impossible : l'orientation est « {orientation.get_statut_display()} »."
    statut = orientation.demande.statut
    if transition.figee_par_la_cloture and statut in STATUTS_CLOS:
        return (
            f"Impossible : la demande est « {Statut(statut).label} » ; "
            "l'État doit la rouvrir avant toute nouvelle réponse."
        )
    return None


def verifier(nom, *, user, orientation):
    """Return the answer ``nom`` if ``user`` may give it on ``orientation`` now; raise otherwise."""
    if not suit_l_orientation(user, orientation):
        raise PermissionDenied(
            "Seuls les membres de l'opérateur qui suivent ce département répondent pour lui."
        )
    motif = refus(nom, orientation)
    if motif:
        raise ValidationError(motif)
    return TRANSITIONS[nom]


def actions_possibles(orientation):
    """The answers its operator's members may give now (the page shows them to them only)."""
    return {nom for nom in TRANSITIONS if refus(nom, orientation) is None}
