"""The secretariat's writes: one function per use case, in one transaction, with its timeline
entries (the séance's ``ModificationOrdreDuJour``, the demande's ``Evenement``) and its
notifications (``guichet.notifications.services.notifier``, through the outbox)."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from demandes import destinataires
from demandes.models import Evenement, Statut, TypeEvenement
from demandes.notifications import notifier
from demandes.services import appliquer_transition
from demandes.workflow import TRANSITIONS as TRANSITIONS_DES_DEMANDES
from operateurs.models import StatutOrientation

from .. import selectors as selecteurs_du_comite
from .. import services as seances
from .. import workflow as workflow_des_seances
from ..models import (
    AvisConsultation,
    Consultation,
    CorrectionDecision,
    Decision,
    EtatPresence,
    MembreComite,
    ModeDecision,
    ModificationOrdreDuJour,
    PointOrdreDuJour,
    Presence,
    QuestionMembre,
    ReponseConsultation,
    Seance,
    StatutConsultation,
)
from . import workflow
from .workflow import etat_du_point


def _seance_verrouillee(seance):
    return Seance.objects.select_for_update().select_related("comite").get(pk=seance.pk)


def _point_verrouille(point):
    point = PointOrdreDuJour.objects.select_for_update().get(pk=point.pk)
    # Its consultation and demande read after the lock, fresh.
    return PointOrdreDuJour.objects.select_related("demande__collectivite", "consultation").get(
        pk=point.pk
    )


def _consigner(seance, par, description):
    ModificationOrdreDuJour.objects.create(seance=seance, auteur=par, description=description)


def _voit_le_point(user, point):
    """A member reads an internal item only when they may read internal items."""
    return not point.interne or selecteurs_du_comite.voit_l_interne(user)


def _membres_qui_voient(seance, point):
    return [user for user in seances._membres(seance) if _voit_le_point(user, point)]


# --- Attendance ------------------------------------------------------------------------------


def enregistrer_presences(*, seance, par, presences):
    """Record who is present, excused or represented (and by whom) at the séance.

    ``presences`` maps each member's pk to ``(etat, represente_par)``; members left out keep
    what was recorded for them."""
    with transaction.atomic():
        seance = _seance_verrouillee(seance)
        workflow.verifier("enregistrer_presences", user=par, seance=seance)
        membres = {m.pk: m for m in seance.comite.membres.all()}
        erreurs = {}
        for pk, (etat, represente_par) in presences.items():
            represente_par = (represente_par or "").strip()
            if pk not in membres or etat not in EtatPresence.values:
                raise ValidationError(
                    "Choisissez, pour chaque membre, présent, excusé ou représenté."
                )
            if etat == EtatPresence.REPRESENTE and not represente_par:
                nom = membres[pk].user.get_full_name() or membres[pk].user
                erreurs[f"represente_par_{pk}"] = f"Indiquez qui représente {nom}."
        if erreurs:
            raise ValidationError(erreurs)
        for pk, (etat, represente_par) in presences.items():
            Presence.objects.update_or_create(
                seance=seance,
                membre=membres[pk],
                defaults={
                    "etat": etat,
                    "represente_par": (represente_par or "").strip()
                    if etat == EtatPresence.REPRESENTE
                    else "",
                    "enregistre_par": par,
                },
            )
        seances._nouvelle_version(seance)
    return seance


# --- Corrections and withdrawals -------------------------------------------------------------


def _operateurs_accompagnants(demande):
    return [
        user
        for orientation in demande.orientations.filter(
            statut=StatutOrientation.ACCEPTEE
        ).select_related("operateur")
        for user in destinataires.membres_operateur(orientation.operateur, demande)
    ]


def corriger_decision(*, point, par, decision, commentaire, motif):
    """Correct a recorded decision; the former one is kept (``CorrectionDecision``), the
    séance's history and the demande's timeline say so, and the collectivité (unless the item
    is internal) and the operators who accompany the demande are told again.

    The demande follows the new decision when its workflow allows it from where it stands
    (défavorable → favorable: it becomes « accompagnée »); otherwise its status stays, and the
    event says so, for the préfecture to take it up."""
    motif = (motif or "").strip()
    commentaire = (commentaire or "").strip()
    with transaction.atomic():
        seance = _seance_verrouillee(point.seance)
        point = _point_verrouille(point)
        workflow.verifier("corriger_decision", user=par, seance=seance, etat=etat_du_point(point))
        if decision not in Decision.values:
            raise ValidationError({"decision": "Choisissez la décision corrigée."})
        if not motif:
            raise ValidationError({"motif": "Indiquez le motif de la correction."})
        if decision == point.decision and commentaire == point.commentaire:
            raise ValidationError(
                {"decision": "La décision et son commentaire sont inchangés : rien à corriger."}
            )
        correction = CorrectionDecision.objects.create(
            point=point,
            ancienne_decision=point.decision,
            ancien_commentaire=point.commentaire,
            ancien_mode=point.mode_decision,
            ancienne_date=point.date_decision,
            nouvelle_decision=decision,
            motif=motif,
            auteur=par,
        )
        ancienne = Decision(point.decision).label.lower()
        nouvelle = Decision(decision).label.lower()
        point.decision = decision
        point.commentaire = commentaire
        point.save(update_fields=["decision", "commentaire"])
        _consigner(
            seance,
            par,
            f"Décision du point {seances._designation(point)} corrigée : {ancienne} → "
            f"{nouvelle}. Motif : {motif}",
        )
        if point.demande_id:
            _suivre_la_correction(point, seance, par, ancienne, nouvelle, motif, correction)
        seances._nouvelle_version(seance)
    return correction


def _suivre_la_correction(point, seance, par, ancienne, nouvelle, motif, correction):
    demande = point.demande
    libelle = f"Décision du comité corrigée : {ancienne} devient {nouvelle}"
    nom, statut = seances.TRANSITION_DE_LA_DECISION.get(point.decision, (None, None))
    suite = "Le statut de la demande ne change pas."
    if nom and demande.statut in TRANSITIONS_DES_DEMANDES[nom].sources:
        champs = (
            {"date_accompagnement": timezone.now()} if point.decision == Decision.FAVORABLE else {}
        )
        appliquer_transition(demande=demande, nom=nom, par=par, version=None, **champs)
        suite = f"La demande passe « {statut.label} »."
    elif nom and demande.statut != statut:
        suite = (
            f"La demande reste « {Statut(demande.statut).label} » : la préfecture reprend son "
            "suivi."
        )
    Evenement.objects.create(
        demande=demande,
        auteur=par,
        type=TypeEvenement.COMITE,
        libelle=f"{libelle}. {suite}",
        detail=f"Motif : {motif}",
        interne=point.interne,
    )
    collectivite = [] if point.interne else list(destinataires.collectivite(demande))
    corps = (
        f"La décision du comité local de cohésion des territoires sur la demande "
        f"« {demande.titre} » {demande.collectivite.de_article} (séance du "
        f"{seances._jour(seance.date)}) a été corrigée.\n\n"
        f"Décision précédente : {ancienne}.\nDécision corrigée : {nouvelle}.\n"
        f"Motif de la correction : {motif}"
    )
    if point.commentaire:
        corps += f"\n\n{point.commentaire}"
    corps += f"\n\n{suite}"
    notifier(
        destinataires=[*collectivite, *_operateurs_accompagnants(demande)],
        evenement="decision_comite",
        cle=f"correction_decision:{correction.pk}",
        sujet=f"{demande.reference} — Décision du comité corrigée : {nouvelle}",
        corps=corps,
        lien=demande.get_absolute_url() + "#decision-du-comite",
        demande=demande,
    )


def retirer_point(*, point, par, motif):
    """Withdraw an item not decided yet from the agenda. Its demande goes back to « orientée »,
    ready for a later séance; the withdrawal stays in the séance's history and the demande's
    timeline, and a published agenda's members get the revised invitation."""
    motif = (motif or "").strip()
    with transaction.atomic():
        seance = _seance_verrouillee(point.seance)
        point = _point_verrouille(point)
        workflow.verifier("retirer_point", user=par, seance=seance, etat=etat_du_point(point))
        if not motif:
            raise ValidationError({"motif": "Indiquez le motif du retrait."})
        point.date_retrait = timezone.now()
        point.motif_retrait = motif
        point.save(update_fields=["date_retrait", "motif_retrait"])
        demande = point.demande
        if demande is not None:
            libelle = "Retirée de l'ordre du jour du comité"
            if demande.statut == Statut.INSCRITE_COMITE:
                libelle += " ; la demande revient « Orientée »"
                appliquer_transition(
                    demande=demande,
                    nom="ajourner",
                    par=par,
                    version=None,
                    libelle=libelle,
                    type=TypeEvenement.COMITE,
                    detail="" if point.interne else motif,
                )
                if point.interne:
                    Evenement.objects.create(
                        demande=demande,
                        auteur=par,
                        type=TypeEvenement.COMITE,
                        libelle="Motif du retrait de l'ordre du jour",
                        detail=motif,
                        interne=True,
                    )
            else:
                Evenement.objects.create(
                    demande=demande,
                    auteur=par,
                    type=TypeEvenement.COMITE,
                    libelle=libelle,
                    detail=motif,
                    interne=point.interne,
                )
            if seance.publiee and not point.interne:
                notifier(
                    destinataires=destinataires.collectivite(demande),
                    evenement="retrait_comite",
                    cle=f"retrait_point:{point.pk}",
                    sujet=f"{demande.reference} — Retirée de l'ordre du jour du comité",
                    corps=(
                        f"Votre demande « {demande.titre} » est retirée de l'ordre du jour de la "
                        f"séance du {seances._date(seance)}.\n\nMotif : {motif}\n\nElle pourra "
                        "être inscrite à une prochaine séance."
                    ),
                    lien=demande.get_absolute_url(),
                    demande=demande,
                )
        seance = seances._nouvelle_version(seance)
        description = f"Point retiré : {seances._designation(point)}. Motif : {motif}"
        seances._apres_modification(seance, par, description)
        if not workflow_des_seances.changements_annonces(seance):
            # Recorded (and announced) above on a published agenda only: kept here otherwise.
            _consigner(seance, par, description)
    return point


# --- Written consultations -------------------------------------------------------------------


def ouvrir_consultation(*, point, par, question, date_limite=None):
    """Put an item to the members in writing; those who may read it are told."""
    question = (question or "").strip()
    with transaction.atomic():
        seance = _seance_verrouillee(point.seance)
        point = _point_verrouille(point)
        workflow.verifier("ouvrir_consultation", user=par, seance=seance, etat=etat_du_point(point))
        if not question:
            raise ValidationError({"question": "Indiquez ce qui est demandé aux membres."})
        if date_limite is not None and date_limite < timezone.localdate():
            raise ValidationError({"date_limite": "Choisissez une date à venir."})
        Consultation.objects.filter(point=point, statut=StatutConsultation.CLOSE).delete()
        consultation = Consultation.objects.create(
            point=point, question=question, date_limite=date_limite, ouverte_par=par
        )
        _consigner(
            seance, par, f"Point {seances._designation(point)} soumis à une consultation écrite."
        )
        limite = f" avant le {date_limite:%d/%m/%Y}" if date_limite else ""
        notifier(
            destinataires=_membres_qui_voient(seance, point),
            evenement="consultation_ecrite",
            cle=f"consultation_ouverte:{consultation.pk}",
            sujet=f"Consultation écrite du comité : {point.titre}",
            corps=(
                f"La préfecture consulte par écrit les membres du comité sur le point "
                f"« {point.titre} » de la séance du {seances._date(seance)}.\n\n{question}\n\n"
                f"Répondez{limite} sur le guichet unique : favorable, défavorable ou abstention."
            ),
            lien=consultation.get_absolute_url(),
            objet=seance,
        )
    return consultation


def _consultation_verrouillee(consultation):
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def repondre_consultation(*, consultation, par, avis, commentaire=""):
    """A member's answer; they may change it until the consultation closes."""
    with transaction.atomic():
        seance = _seance_verrouillee(consultation.point.seance)
        consultation = _consultation_verrouillee(consultation)
        workflow.verifier(
            "repondre_consultation", user=par, seance=seance, etat=consultation.statut
        )
        point = consultation.point
        if not _voit_le_point(par, point):
            raise PermissionDenied("Ce point n'est pas soumis à votre avis.")
        if avis not in AvisConsultation.values:
            raise ValidationError({"avis": "Choisissez favorable, défavorable ou abstention."})
        membre = MembreComite.objects.get(comite_id=seance.comite_id, user=par)
        reponse, _ = ReponseConsultation.objects.update_or_create(
            consultation=consultation,
            membre=membre,
            defaults={"avis": avis, "commentaire": (commentaire or "").strip()},
        )
    return reponse


def decompte(consultation):
    """« 3 favorables, 1 défavorable, 0 abstention » as a dict by answer."""
    reponses = list(consultation.reponses.values_list("avis", flat=True))
    return {avis: reponses.count(avis) for avis in AvisConsultation.values}


def _decompte_en_texte(compte):
    def pluriel(n, mot):
        return f"{n} {mot}{'s' if n > 1 else ''}"

    return (
        f"{pluriel(compte['favorable'], 'avis favorable')}, "
        f"{pluriel(compte['defavorable'], 'avis défavorable')}, "
        f"{pluriel(compte['abstention'], 'abstention')}"
    )


def clore_consultation(*, consultation, par, decision, commentaire=""):
    """Close the consultation and record the comité's decision, « par consultation écrite »;
    the decision's comment ends with the members' count."""
    with transaction.atomic():
        seance = _seance_verrouillee(consultation.point.seance)
        consultation = _consultation_verrouillee(consultation)
        workflow.verifier("clore_consultation", user=par, seance=seance, etat=consultation.statut)
        if decision not in Decision.values:
            raise ValidationError({"decision": "Choisissez la décision du comité."})
        consultation.statut = workflow.ETAPES["clore_consultation"].cible
        consultation.date_cloture = timezone.now()
        consultation.save(update_fields=["statut", "date_cloture"])
        compte = f"Consultation écrite des membres : {_decompte_en_texte(decompte(consultation))}."
        commentaire = (commentaire or "").strip()
        point = seances.decider(
            point=consultation.point,
            par=par,
            version=None,
            decision=decision,
            mode=ModeDecision.CONSULTATION_ECRITE,
            commentaire=f"{commentaire}\n\n{compte}" if commentaire else compte,
        )
    return point


# --- Members' questions ----------------------------------------------------------------------


def poser_question(*, point, par, texte):
    texte = (texte or "").strip()
    with transaction.atomic():
        seance = _seance_verrouillee(point.seance)
        point = _point_verrouille(point)
        workflow.verifier("poser_question", user=par, seance=seance, etat=etat_du_point(point))
        if not _voit_le_point(par, point):
            raise PermissionDenied("Ce point ne vous est pas montré.")
        if not texte:
            raise ValidationError({"texte": "Écrivez votre question ou votre remarque."})
        return QuestionMembre.objects.create(point=point, auteur=par, texte=texte)


def repondre_question(*, question, par, reponse):
    reponse = (reponse or "").strip()
    with transaction.atomic():
        question = QuestionMembre.objects.select_for_update().get(pk=question.pk)
        seance = _seance_verrouillee(question.point.seance)
        workflow.verifier("repondre_question", user=par, seance=seance)
        if not reponse:
            raise ValidationError({"reponse": "Écrivez la réponse."})
        question.reponse = reponse
        question.repondu_par = par
        question.date_reponse = timezone.now()
        question.save(update_fields=["reponse", "repondu_par", "date_reponse"])
        notifier(
            destinataires=[question.auteur] if question.auteur.is_active else [],
            evenement="reponse_question",
            cle=f"reponse_question:{question.pk}:{question.date_reponse.timestamp()}",
            sujet=f"Réponse à votre question sur « {question.point.titre} »",
            corps=f"Votre question : {question.texte}\n\nRéponse de la préfecture : {reponse}",
            lien=seance.get_absolute_url() + f"#point-{question.point_id}",
        )
    return question


# --- The members' calendar feed --------------------------------------------------------------


def renouveler_jeton_agenda(*, membre):
    """A new secret address for the member's feed: the former one answers 404 from now on."""
    membre.jeton_agenda = secrets.token_urlsafe(32)
    membre.save(update_fields=["jeton_agenda"])
    return membre.jeton_agenda
