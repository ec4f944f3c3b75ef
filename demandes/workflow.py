"""The request workflow: every allowed transition, and who may fire it. The one source of truth.

A transition is refused with a ``ValidationError`` when the demande is not in one of its source
statuses, and with ``PermissionDenied`` (a 403) when the person may not fire it.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError

from guichet.comptes.roles import est_agent_de_l_etat
from operateurs.models import StatutOrientation

from .models import Statut

S = Statut


# A closed demande only reopens (``rouvrir``): nothing else changes on it meanwhile.
STATUTS_CLOS = frozenset({S.CLOTUREE, S.CLASSEE_SANS_SUITE})


def est_de_la_collectivite(user, demande):
    return demande.collectivite_id in user.collectivites_rattachees


def est_de_l_etat(user, demande):
    """The State's transitions: the rule of ``est_agent_de_l_etat`` for the demande's
    département, in a transition's shape."""
    return est_agent_de_l_etat(user, demande.departement_id)


def est_d_un_operateur_sollicite(user, demande):
    """A member of an operator the demande is routed to (and that has not declined it)."""
    return (
        demande.orientations.exclude(statut=StatutOrientation.DECLINEE)
        .filter(operateur__rattachements__user=user)
        .exists()
    )


def a_ete_deposee(demande):
    """Past the draft: the demande has its thread and its notifications."""
    return demande.statut != S.BROUILLON


def peut_modifier_brouillon(user, demande):
    """A draft is completed, filed or deleted by its collectivité, nobody else."""
    return demande.statut == S.BROUILLON and est_de_la_collectivite(user, demande)


def peut_ajouter_des_documents(user, demande):
    """After filing, the collectivité adds documents to its file until the demande is closed
    (a draft takes its documents in its own form)."""
    return (
        a_ete_deposee(demande)
        and demande.statut not in STATUTS_CLOS
        and est_de_la_collectivite(user, demande)
    )


def peut_reprendre(user, demande):
    """A demande the State filed for a collectivité is taken over, once, by one of its members:
    they become its déposant and contact."""
    return (
        demande.deposee_pour_le_compte_par_id is not None
        and demande.date_reprise is None
        and est_de_la_collectivite(user, demande)
    )


def peut_confier(user, demande):
    """The State names or changes the referent of a filed demande while it is open."""
    return (
        est_de_l_etat(user, demande)
        and a_ete_deposee(demande)
        and demande.statut not in STATUTS_CLOS
    )


def peut_ecrire(user, demande):
    """The thread is written by the collectivité, the State and the operators the demande is
    routed to. Whoever else reads it (a comité member) only reads."""
    return (
        est_de_l_etat(user, demande)
        or est_de_la_collectivite(user, demande)
        or est_d_un_operateur_sollicite(user, demande)
    )


@dataclass(frozen=True)
class Transition:
    nom: str
    libelle: str  # the action, as a button or a refusal names it
    sources: frozenset
    cible: str
    autorise: object  # (user, demande) -> bool
    recit: str  # what happened, as the timeline tells it (« Demande déposée »)

    def peut(self, user, demande):
        return demande.statut in self.sources and self.autorise(user, demande)


TRANSITIONS = {
    t.nom: t
    for t in [
        Transition(
            "deposer",
            "Déposer la demande",
            frozenset({S.BROUILLON}),
            S.DEPOSEE,
            est_de_la_collectivite,
            recit="Demande déposée",
        ),
        Transition(
            "deposer_pour_le_compte",
            "Déposer pour le compte de la collectivité",
            frozenset({S.BROUILLON}),
            S.DEPOSEE,
            est_de_l_etat,
            recit="Demande déposée pour le compte de la collectivité",
        ),
        Transition(
            "retirer",
            "Retirer la demande",
            frozenset({S.DEPOSEE}),
            S.CLASSEE_SANS_SUITE,
            lambda user, demande: (
                demande.referent_id is None and est_de_la_collectivite(user, demande)
            ),
            recit="Demande retirée",
        ),
        Transition(
            "prendre_en_charge",
            "Prendre en charge",
            frozenset({S.DEPOSEE}),
            S.EN_INSTRUCTION,
            est_de_l_etat,
            recit="Demande prise en charge",
        ),
        Transition(
            "demander_complement",
            "Demander un complément",
            frozenset({S.DEPOSEE, S.EN_INSTRUCTION, S.ORIENTEE}),
            S.A_COMPLETER,
            est_de_l_etat,
            recit="Compléments demandés",
        ),
        Transition(
            "repondre_complement",
            "Envoyer les compléments",
            frozenset({S.A_COMPLETER}),
            S.EN_INSTRUCTION,
            est_de_la_collectivite,
            recit="Compléments apportés",
        ),
        Transition(
            "orienter",
            "Orienter",
            frozenset({S.EN_INSTRUCTION, S.ORIENTEE}),
            S.ORIENTEE,
            est_de_l_etat,
            recit="Demande orientée",
        ),
        Transition(
            "inscrire_comite",
            "Inscrire au comité",
            frozenset({S.ORIENTEE}),
            S.INSCRITE_COMITE,
            est_de_l_etat,
            recit="Demande inscrite à l'ordre du jour du comité",
        ),
        Transition(
            "accompagner",
            "Accompagner",
            frozenset({S.INSCRITE_COMITE, S.ORIENTEE}),
            S.ACCOMPAGNEE,
            est_de_l_etat,
            recit="Accompagnement décidé",
        ),
        Transition(
            "ajourner",
            "Ajourner",
            frozenset({S.INSCRITE_COMITE}),
            S.ORIENTEE,
            est_de_l_etat,
            recit="Examen ajourné en comité",
        ),
        Transition(
            "cloturer",
            "Clôturer",
            frozenset({S.ACCOMPAGNEE, S.ORIENTEE}),
            S.CLOTUREE,
            est_de_l_etat,
            recit="Demande clôturée",
        ),
        Transition(
            "classer",
            "Classer sans suite",
            frozenset({S.DEPOSEE, S.EN_INSTRUCTION, S.ORIENTEE, S.INSCRITE_COMITE}),
            S.CLASSEE_SANS_SUITE,
            est_de_l_etat,
            recit="Demande classée sans suite",
        ),
        Transition(
            "rouvrir",
            "Rouvrir",
            frozenset({S.CLOTUREE, S.CLASSEE_SANS_SUITE}),
            S.EN_INSTRUCTION,
            est_de_l_etat,
            recit="Demande rouverte",
        ),
    ]
}

# What the collectivité reads under the status: what happens next, in plain French.
EXPLICATIONS = {
    S.BROUILLON: "Votre demande n'est pas encore envoyée. Complétez-la puis déposez-la : "
    "la préfecture et la DDT la recevront aussitôt.",
    S.DEPOSEE: "Votre demande est bien arrivée. Un agent de la préfecture ou de la DDT va la "
    "prendre en charge ; vous pouvez encore la retirer d'ici là.",
    S.EN_INSTRUCTION: "Un agent de l'État examine votre demande. Il pourra vous poser des "
    "questions ici, puis l'orienter vers les opérateurs qui peuvent vous accompagner.",
    S.A_COMPLETER: "L'État a besoin de précisions pour avancer. Répondez aux points demandés "
    "ci-dessous : l'instruction reprend dès votre réponse.",
    S.ORIENTEE: "Votre demande a été transmise à un ou plusieurs opérateurs, qui vont vous "
    "dire comment ils peuvent vous accompagner.",
    S.INSCRITE_COMITE: "Votre demande sera examinée lors de la prochaine séance du comité "
    "local de cohésion des territoires.",
    S.ACCOMPAGNEE: "Votre projet est accompagné. Les opérateurs concernés restent vos "
    "interlocuteurs ; échangez avec eux ici.",
    S.CLOTUREE: "L'accompagnement est terminé. La demande reste consultable.",
    S.CLASSEE_SANS_SUITE: "Cette demande n'aura pas de suite. Le motif est indiqué ci-dessous ; "
    "elle reste consultable.",
}

PROCHAINE_ACTION_COLLECTIVITE = {
    S.BROUILLON: "Compléter et déposer",
    S.DEPOSEE: "En attente de prise en charge",
    S.EN_INSTRUCTION: "En cours d'examen par l'État",
    S.A_COMPLETER: "Répondre aux questions de l'État",
    S.ORIENTEE: "En attente des opérateurs",
    S.INSCRITE_COMITE: "Examen en comité",
    S.ACCOMPAGNEE: "Accompagnement en cours",
    S.CLOTUREE: "Aucune",
    S.CLASSEE_SANS_SUITE: "Aucune",
}

COULEUR_BADGE = {
    S.BROUILLON: "",
    S.DEPOSEE: "new",
    S.EN_INSTRUCTION: "info",
    S.A_COMPLETER: "warning",
    S.ORIENTEE: "info",
    S.INSCRITE_COMITE: "info",
    S.ACCOMPAGNEE: "success",
    S.CLOTUREE: "success",
    S.CLASSEE_SANS_SUITE: "error",
}


def verifier(nom, *, user, demande):
    """Return the transition ``nom`` if ``user`` may fire it on ``demande``; raise otherwise."""
    transition = TRANSITIONS[nom]
    if demande.statut not in transition.sources:
        raise ValidationError(
            f"Action « {transition.libelle} » impossible : la demande est "
            f"« {Statut(demande.statut).label} »."
        )
    if not transition.autorise(user, demande):
        raise PermissionDenied(f"Vous ne pouvez pas faire l'action « {transition.libelle} ».")
    return transition


def actions_possibles(user, demande):
    return [t for t in TRANSITIONS.values() if t.peut(user, demande)]


__all__ = [
    "EXPLICATIONS",
    "STATUTS_CLOS",
    "TRANSITIONS",
    "a_ete_deposee",
    "actions_possibles",
    "peut_ajouter_des_documents",
    "peut_confier",
    "peut_ecrire",
    "peut_modifier_brouillon",
    "peut_reprendre",
    "verifier",
]
