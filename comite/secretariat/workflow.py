"""The secretariat's steps: on which séance statuses, on which state of the item (or of the
written consultation) each is open, and who may take it. Like ``comite/workflow.py``, the one
source of truth: the services check it, the pages read the ``peut_…`` flags it computes.

An agenda item is « à examiner », « en consultation écrite » (a consultation is open on it),
« décidé » or « retiré ». A decided item may be corrected (with a motive), an item to examine
may be withdrawn or put to the members in writing. A written consultation is « ouverte » then
« close »: closing it records the comité's decision, made « par consultation écrite ».
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone

from .. import workflow as seances
from ..models import STATUTS_PUBLIES, StatutConsultation, StatutSeance

S = StatutSeance
C = StatutConsultation


class EtatPoint(models.TextChoices):
    A_EXAMINER = "a_examiner", "À examiner"
    EN_CONSULTATION = "en_consultation", "En consultation écrite"
    DECIDE = "decide", "Décidé"
    RETIRE = "retire", "Retiré de l'ordre du jour"


def _consultation(point):
    try:
        return point.consultation
    except point._meta.get_field("consultation").related_model.DoesNotExist:
        return None


def etat_du_point(point):
    if point.date_retrait:
        return EtatPoint.RETIRE
    if point.decision:
        return EtatPoint.DECIDE
    consultation = _consultation(point)
    if consultation is not None and consultation.statut == C.OUVERTE:
        return EtatPoint.EN_CONSULTATION
    return EtatPoint.A_EXAMINER


def le_jour_venu(seance):
    """Attendance is taken on the séance's day (Paris time), or after it."""
    return timezone.localdate() >= timezone.localtime(seance.date).date()


def avant_la_seance(seance):
    return not seances.seance_commencee(seance)


@dataclass(frozen=True)
class Etape:
    nom: str
    statuts_seance: frozenset
    etats: frozenset | None  # of the item or of the consultation; None: the séance's step
    autorise: object  # (user, seance) -> bool
    interdite: str
    impossible: str
    quand: object = None  # (seance) -> bool, an extra condition of time
    trop_tot: str = ""
    cible: str | None = None  # the consultation's status it leads to

    def ouverte(self, seance, etat=None):
        return (
            seance.statut in self.statuts_seance
            and (self.etats is None or etat in self.etats)
            and (self.quand is None or self.quand(seance))
        )

    def peut(self, user, seance, etat=None):
        return self.ouverte(seance, etat) and self.autorise(user, seance)


OUVERTES = frozenset({S.ORDRE_DU_JOUR_PUBLIE, S.TENUE})

ETAPES = {
    e.nom: e
    for e in [
        Etape(
            "enregistrer_presences",
            OUVERTES,
            None,
            seances.par_l_etat,
            seances.RESERVEE_A_L_ETAT,
            "Les présences s'enregistrent une fois l'ordre du jour publié, jusqu'à la "
            "publication du relevé.",
            quand=le_jour_venu,
            trop_tot="Les présences s'enregistrent le jour de la séance.",
        ),
        Etape(
            "retirer_point",
            frozenset({S.EN_PREPARATION, *OUVERTES}),
            frozenset({EtatPoint.A_EXAMINER}),
            seances.par_l_etat,
            seances.RESERVEE_A_L_ETAT,
            "Seul un point pas encore décidé, ni soumis à une consultation écrite ouverte, se "
            "retire, tant que le relevé n'est pas publié.",
        ),
        Etape(
            "corriger_decision",
            frozenset(STATUTS_PUBLIES),
            frozenset({EtatPoint.DECIDE}),
            seances.par_l_etat,
            seances.RESERVEE_A_L_ETAT,
            "Seule une décision enregistrée se corrige.",
        ),
        Etape(
            "ouvrir_consultation",
            OUVERTES,
            frozenset({EtatPoint.A_EXAMINER}),
            seances.par_l_etat,
            seances.RESERVEE_A_L_ETAT,
            "Seul un point d'un ordre du jour publié, pas encore décidé ni déjà soumis aux "
            "membres, se soumet à une consultation écrite.",
        ),
        Etape(
            "repondre_consultation",
            OUVERTES,
            frozenset({C.OUVERTE}),
            seances.par_un_membre,
            "Seuls les membres du comité répondent à une consultation écrite.",
            "Cette consultation écrite est close.",
        ),
        Etape(
            "clore_consultation",
            OUVERTES,
            frozenset({C.OUVERTE}),
            seances.par_l_etat,
            seances.RESERVEE_A_L_ETAT,
            "Cette consultation écrite est déjà close.",
            cible=C.CLOSE,
        ),
        Etape(
            "poser_question",
            frozenset({S.ORDRE_DU_JOUR_PUBLIE}),
            frozenset({EtatPoint.A_EXAMINER, EtatPoint.EN_CONSULTATION}),
            seances.par_un_membre,
            "Seuls les membres du comité posent des questions sur l'ordre du jour.",
            "Les questions se posent sur un point encore à examiner, avant la séance.",
            quand=avant_la_seance,
            trop_tot="La séance a commencé : posez votre question en séance.",
        ),
        Etape(
            "repondre_question",
            frozenset(STATUTS_PUBLIES),
            None,
            seances.par_l_etat,
            seances.RESERVEE_A_L_ETAT,
            "L'ordre du jour n'est pas publié.",
        ),
    ]
}


def verifier(nom, *, user, seance, etat=None):
    """Return the step if ``user`` may take it now; ``PermissionDenied`` for a person who may
    never take it, ``ValidationError`` saying why otherwise."""
    etape = ETAPES[nom]
    if not etape.autorise(user, seance):
        raise PermissionDenied(etape.interdite)
    if seance.statut not in etape.statuts_seance or (
        etape.etats is not None and etat not in etape.etats
    ):
        raise ValidationError(etape.impossible)
    if etape.quand is not None and not etape.quand(seance):
        raise ValidationError(etape.trop_tot)
    return etape


def drapeaux_de_la_seance(user, seance):
    seance.peut_enregistrer_presences = ETAPES["enregistrer_presences"].peut(user, seance)


def drapeaux_des_points(user, seance, points):
    """Each item's state and ``peut_…`` flags; who ``user`` is is asked once per séance."""
    noms = ("retirer_point", "corriger_decision", "ouvrir_consultation", "poser_question")
    autorise = {nom: ETAPES[nom].autorise(user, seance) for nom in noms}
    repondre_question = ETAPES["repondre_question"].peut(user, seance)
    # At the table (``comite/workflow.py``), on an item still to examine.
    decider = seances.TRANSITIONS["decider"].peut(user, seance)
    for point in points:
        etat = etat_du_point(point)
        point.etat = etat
        point.retire = etat == EtatPoint.RETIRE
        point.en_consultation = etat == EtatPoint.EN_CONSULTATION
        for nom in noms:
            setattr(point, f"peut_{nom}", autorise[nom] and ETAPES[nom].ouverte(seance, etat))
        point.peut_repondre_question = repondre_question
        point.peut_decider = decider and etat == EtatPoint.A_EXAMINER


def drapeaux_de_la_consultation(user, seance, consultation):
    consultation.ouverte = consultation.statut == C.OUVERTE
    consultation.peut_repondre = ETAPES["repondre_consultation"].peut(
        user, seance, consultation.statut
    )
    consultation.peut_clore = ETAPES["clore_consultation"].peut(user, seance, consultation.statut)
