"""The secretariat's reads: what the séance page, the attendance sheet, the consultation page,
the calendar feed and the public record show, each with the ``peut_…`` flags of
``comite/secretariat/workflow.py``."""

from collections import defaultdict

from django.db.models import Prefetch

from .. import selectors as selecteurs_du_comite
from ..models import (
    AvisConsultation,
    Consultation,
    CorrectionDecision,
    EtatPresence,
    MembreComite,
    PointOrdreDuJour,
    Presence,
    QuestionMembre,
    ReponseConsultation,
    ReponseConvocation,
    Seance,
    StatutSeance,
)
from . import workflow

# A member's answer to the convocation, as the attendance sheet proposes it on the day.
PRESENCE_ANNONCEE = {
    ReponseConvocation.PRESENT: EtatPresence.PRESENT,
    ReponseConvocation.ABSENT: EtatPresence.EXCUSE,
    ReponseConvocation.REPRESENTE: EtatPresence.REPRESENTE,
}


def completer_la_seance(user, seance):
    """Add to a séance read by ``selectors.seance_pour_detail`` what the secretariat shows:
    each item's state, flags, questions (State and members only), corrections and
    consultation; the quorum and the attendance flag. Three queries."""
    workflow.drapeaux_de_la_seance(user, seance)
    points = seance.liste_des_points
    # Questions are between the State and the members; never for anyone else.
    lit_les_questions = seance.gere or seance.membre is not None
    questions = defaultdict(list)
    if lit_les_questions and points:
        for question in QuestionMembre.objects.filter(point__in=points).select_related(
            "auteur", "repondu_par"
        ):
            questions[question.point_id].append(question)
    corrections = defaultdict(list)
    if points:
        for correction in CorrectionDecision.objects.filter(point__in=points):
            corrections[correction.point_id].append(correction)
    workflow.drapeaux_des_points(user, seance, points)
    for point in points:
        point.lit_les_questions = lit_les_questions
        point.liste_des_questions = questions[point.pk]
        point.liste_des_corrections = corrections[point.pk]
        point.consultation_en_cours = workflow._consultation(point)
    seance.points_a_l_ordre_du_jour = [p for p in points if not p.retire]
    seance.quorum = quorum(seance) if seance.gere or seance.releve_lisible else None
    return seance


def quorum(seance):
    """``None`` when the comité sets no quorum; else how many members are required, how many
    are present or represented, and whether the quorum is reached."""
    requis = seance.comite.quorum
    if not requis:
        return None
    siegent = Presence.objects.filter(
        seance=seance, etat__in=[EtatPresence.PRESENT, EtatPresence.REPRESENTE]
    ).count()
    return {"requis": requis, "siegent": siegent, "atteint": siegent >= requis}


def feuille_de_presence(seance):
    """Each member of the comité with their recorded attendance, or what their answer to the
    convocation announced: ``(membre, etat, represente_par, enregistree)``."""
    presences = {p.membre_id: p for p in Presence.objects.filter(seance=seance)}
    convocations = {c.membre_id: c for c in seance.convocations.all()}
    lignes = []
    for membre in seance.comite.membres.select_related("user").order_by(
        "qualite", "user__nom", "user__prenom"
    ):
        presence = presences.get(membre.pk)
        if presence:
            lignes.append((membre, presence.etat, presence.represente_par, True))
            continue
        convocation = convocations.get(membre.pk)
        etat = PRESENCE_ANNONCEE.get(convocation.reponse if convocation else "", "")
        lignes.append((membre, etat, convocation.represente_par if convocation else "", False))
    return lignes


def joindre_les_presences(seance):
    """The minutes' list for the record of decisions: present, represented (by whom),
    excused, and the quorum."""
    presences = list(
        Presence.objects.filter(seance=seance)
        .select_related("membre__user")
        .order_by("membre__qualite", "membre__user__nom")
    )
    seance.presents = [p for p in presences if p.etat == EtatPresence.PRESENT]
    seance.representes = [p for p in presences if p.etat == EtatPresence.REPRESENTE]
    seance.excuses = [p for p in presences if p.etat == EtatPresence.EXCUSE]
    seance.presences_enregistrees = bool(presences)
    seance.quorum = quorum(seance)
    return seance


def point_lisible(user, seance_pk, point_pk):
    """The item as the séance page shows it to ``user`` (``Seance.DoesNotExist`` or
    ``PointOrdreDuJour.DoesNotExist`` otherwise: a 404)."""
    seance = completer_la_seance(user, selecteurs_du_comite.seance_pour_detail(user, seance_pk))
    for point in seance.liste_des_points:
        if point.pk == point_pk:
            return seance, point
    raise PointOrdreDuJour.DoesNotExist


def consultation_pour(user, pk):
    """The written consultation, for the State and the members who may read its item; with
    the answers (the State and the members read them all), the person's own answer, the
    count, and the flags. ``Consultation.DoesNotExist`` otherwise."""
    consultation = Consultation.objects.select_related("point__seance__comite").get(pk=pk)
    seance = selecteurs_du_comite.seance_pour_detail(user, consultation.point.seance_id)
    point = next((p for p in seance.liste_des_points if p.pk == consultation.point_id), None)
    if point is None or not (seance.gere or seance.membre is not None):
        raise Consultation.DoesNotExist
    consultation.point = point
    workflow.drapeaux_de_la_consultation(user, seance, consultation)
    consultation.liste_des_reponses = list(
        ReponseConsultation.objects.filter(consultation=consultation)
        .select_related("membre__user")
        .order_by("membre__qualite", "membre__user__nom")
    )
    consultation.ma_reponse = next(
        (
            r
            for r in consultation.liste_des_reponses
            if seance.membre and r.membre_id == seance.membre.pk
        ),
        None,
    )
    consultation.compte = [
        (libelle, sum(1 for r in consultation.liste_des_reponses if r.avis == avis))
        for avis, libelle in AvisConsultation.choices
    ]
    return seance, consultation


def consultations_a_repondre(user):
    """The open consultations ``user``, a member, has not answered yet, on items they read.
    One query; one more only when one of them is on an internal item."""
    membres = MembreComite.objects.filter(user=user)
    consultations = list(
        Consultation.objects.filter(
            statut=workflow.C.OUVERTE,
            point__seance__comite__membres__user=user,
            point__seance__statut__in=workflow.OUVERTES,
        )
        .exclude(reponses__membre__in=membres)
        .select_related("point__seance", "point__demande")
        .order_by("date_ouverture")
    )
    if any(c.point.interne for c in consultations) and not selecteurs_du_comite.voit_l_interne(
        user
    ):
        consultations = [c for c in consultations if not c.point.interne]
    return consultations


# --- The calendar feed -----------------------------------------------------------------------


def membre_du_jeton(jeton):
    return (
        MembreComite.objects.select_related("user", "comite")
        .filter(jeton_agenda=jeton, user__is_active=True)
        .first()
    )


def seances_du_flux(membre):
    """The séances of the member's comité they may read, with their public items (not
    withdrawn) for the description."""
    points = PointOrdreDuJour.objects.filter(
        interne=False, date_retrait__isnull=True
    ).select_related("demande")
    return list(
        selecteurs_du_comite.seances_visibles(membre.user)
        .filter(comite=membre.comite)
        .select_related("comite")
        .prefetch_related(Prefetch("points", queryset=points, to_attr="points_du_flux"))
        .order_by("date", "pk")
    )


def agenda_du_membre(user):
    return MembreComite.objects.filter(user=user).select_related("comite").order_by("pk").first()


# --- The public record -----------------------------------------------------------------------


def releves_publics():
    return (
        Seance.objects.filter(statut=StatutSeance.RELEVE_PUBLIE, comite__releves_publics=True)
        .select_related("comite__departement")
        .order_by("-date", "-pk")
    )


def releve_public(pk):
    """A published record of a comité that publishes them: its public items only, and the
    minutes' list. ``Seance.DoesNotExist`` otherwise."""
    points = (
        PointOrdreDuJour.objects.filter(interne=False)
        .select_related("demande__collectivite")
        .prefetch_related("corrections")
    )
    seance = releves_publics().prefetch_related(Prefetch("points", queryset=points)).get(pk=pk)
    seance.liste_des_points = list(seance.points.all())
    return joindre_les_presences(seance)
