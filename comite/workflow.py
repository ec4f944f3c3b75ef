"""The séance's life: every step, the statuses it starts from, the status it leads to, and who
may take it. The one source of truth: the services check it, the pages show what it allows.

en préparation → ordre du jour publié → tenue → relevé de décisions publié. Three steps keep the
status (``cible`` is ``None``) but are open in some statuses only: composing the agenda,
answering the convocation, recording a decision. A step is refused with ``PermissionDenied`` (a
403) to a person who may not take it, and with a ``ValidationError`` saying why when the séance
is in another status, or before its time when the step waits for the séance to start.

A séance takes place at its date: it is held (``clore``), and decided at the table, from its
start only. Before it, the comité decides only by written consultation of its members
(``mode_de_decision_permis``).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import formats, timezone

from guichet.comptes.roles import est_agent_de_l_etat

from .models import MembreComite, ModeDecision, StatutSeance

S = StatutSeance

RESERVEE_A_L_ETAT = "Action réservée à la préfecture et à la DDT du département du comité."

# Until the séance is held its agenda changes; once published, each change is announced.
ORDRE_DU_JOUR_OUVERT = frozenset({S.EN_PREPARATION, S.ORDRE_DU_JOUR_PUBLIE})


def par_l_etat(user, seance):
    """The préfecture and the DDT of the comité's département, never another's."""
    return est_agent_de_l_etat(user, seance.comite.departement_id)


def par_un_membre(user, seance):
    return MembreComite.objects.filter(comite_id=seance.comite_id, user=user).exists()


def seance_commencee(seance):
    return timezone.now() >= seance.date


def _heure(seance):
    return formats.date_format(timezone.localtime(seance.date), "j F Y à H:i")


@dataclass(frozen=True)
class Transition:
    nom: str
    sources: frozenset
    cible: str | None  # None: the séance keeps its status
    autorise: object  # (user, seance) -> bool
    interdite: str  # told to a person who may not take the step
    impossible: str  # told when the séance is in another status
    au_debut: bool = False  # open from the séance's start only

    def peut(self, user, seance):
        return (
            seance.statut in self.sources
            and self.autorise(user, seance)
            and (not self.au_debut or seance_commencee(seance))
        )


TRANSITIONS = {
    t.nom: t
    for t in [
        Transition(
            "modifier_ordre_du_jour",
            ORDRE_DU_JOUR_OUVERT,
            None,
            par_l_etat,
            RESERVEE_A_L_ETAT,
            "La séance est tenue : son ordre du jour ne change plus.",
        ),
        Transition(
            "publier_ordre_du_jour",
            frozenset({S.EN_PREPARATION}),
            S.ORDRE_DU_JOUR_PUBLIE,
            par_l_etat,
            RESERVEE_A_L_ETAT,
            "L'ordre du jour de cette séance est déjà publié.",
        ),
        Transition(
            "repondre_convocation",
            frozenset({S.ORDRE_DU_JOUR_PUBLIE}),
            None,
            par_un_membre,
            "Seuls les membres du comité répondent à la convocation.",
            "La convocation n'est ouverte qu'avant la tenue de la séance.",
        ),
        Transition(
            "decider",
            frozenset({S.ORDRE_DU_JOUR_PUBLIE, S.TENUE}),
            None,
            par_l_etat,
            RESERVEE_A_L_ETAT,
            "Les décisions s'enregistrent une fois l'ordre du jour publié et jusqu'à la "
            "publication du relevé.",
        ),
        Transition(
            "clore",
            frozenset({S.ORDRE_DU_JOUR_PUBLIE}),
            S.TENUE,
            par_l_etat,
            RESERVEE_A_L_ETAT,
            "Seule une séance dont l'ordre du jour est publié se clôt.",
            au_debut=True,
        ),
        Transition(
            "publier_releve",
            frozenset({S.TENUE}),
            S.RELEVE_PUBLIE,
            par_l_etat,
            RESERVEE_A_L_ETAT,
            "Clôturez la séance avant de publier son relevé de décisions.",
        ),
    ]
}

COULEUR_BADGE = {
    S.EN_PREPARATION: "new",
    S.ORDRE_DU_JOUR_PUBLIE: "info",
    S.TENUE: "success",
    S.RELEVE_PUBLIE: "success",
}


def verifier(nom, *, user, seance):
    """Return the step ``nom`` if ``user`` may take it on ``seance`` now; raise otherwise."""
    transition = TRANSITIONS[nom]
    if not transition.autorise(user, seance):
        raise PermissionDenied(transition.interdite)
    if seance.statut not in transition.sources:
        raise ValidationError(transition.impossible)
    if transition.au_debut and not seance_commencee(seance):
        raise ValidationError(
            f"La séance n'a pas encore commencé (elle est prévue le {_heure(seance)}) : "
            "elle ne se marque comme tenue qu'à partir de son ouverture."
        )
    return transition


def mode_de_decision_permis(seance, mode):
    """Raise a ``ValidationError`` on the ``mode`` field unless the comité may have decided this
    way now: at the table from the séance's start, by written consultation at any time."""
    if mode not in ModeDecision.values:
        raise ValidationError({"mode": "Choisissez comment le comité a décidé."})
    if mode == ModeDecision.SEANCE and not seance_commencee(seance):
        raise ValidationError(
            {
                "mode": (
                    f"La séance n'a pas encore commencé (elle est prévue le {_heure(seance)}) : "
                    "une décision en séance s'enregistre à partir de son ouverture. Une décision "
                    "prise avant par consultation écrite des membres s'enregistre avec le mode "
                    "« Par consultation écrite »."
                )
            }
        )


def actions_possibles(user, seance):
    return {nom for nom, transition in TRANSITIONS.items() if transition.peut(user, seance)}


def changements_annonces(seance):
    """Whether a change to the agenda is recorded and announced to the members (with a revised
    invitation): once the agenda is published, until the séance is held."""
    return seance.statut == S.ORDRE_DU_JOUR_PUBLIE


def releve_lisible(user, seance):
    """The record of decisions: read once published; previewed by the State once held."""
    return seance.statut == S.RELEVE_PUBLIE or (
        seance.statut == S.TENUE and par_l_etat(user, seance)
    )
