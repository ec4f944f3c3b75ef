"""Every write after the decision: the action plan, the progress points, the closing and the
satisfaction. One function per use case, in one transaction, with its timeline line (in
French) and its outbox rows. A refusal is a ``ValidationError`` (by field when it concerns
one), or ``PermissionDenied`` when the person may not act at all (see ``regles``).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import Truncator

from demandes import destinataires
from demandes import services as services_demandes
from demandes.models import Demande, Evenement, Message, Statut, TypeEvenement
from demandes.notifications import notifier
from demandes.workflow import est_de_la_collectivite
from guichet.notifications.courriels import lien_absolu
from operateurs.models import StatutOrientation

from . import regles
from .models import Action, Cloture, ConfigurationPointsEtape, EtatAction, Issue, PointEtape

ACTION_MODIFIEE_ENTRE_TEMPS = (
    "L'action a été modifiée entre-temps par quelqu'un d'autre. Vos changements n'ont pas été "
    "enregistrés : relisez le plan d'action à jour puis recommencez."
)
PLAN_FIGE = (
    "Le plan d'action ne se modifie que pendant l'accompagnement ; la demande est « {statut} »."
)


def _evenement(demande, par, libelle, *, detail="", type=TypeEvenement.MODIFICATION):
    return Evenement.objects.create(
        demande=demande, auteur=par, type=type, libelle=libelle[:250], detail=detail
    )


def _date(valeur):
    return date_format(valeur, "j F Y")


def _court(texte, longueur=120):
    return Truncator(texte).chars(longueur)


def _parties(demande):
    """Those who work on a supported demande: the collectivité, the State following it, the
    operators it is routed to (but those who declined)."""
    from django.contrib.auth import get_user_model

    operateurs = (
        get_user_model()
        .objects.filter(
            is_active=True,
            rattachements__operateur__orientations__demande=demande,
        )
        .exclude(
            rattachements__operateur__orientations__demande=demande,
            rattachements__operateur__orientations__statut=StatutOrientation.DECLINEE,
        )
    )
    return [
        *destinataires.collectivite(demande),
        *destinataires.suivi_etat(demande),
        *operateurs.distinct(),
    ]


def _description(action):
    return (
        f"Porteur : {action.nom_du_porteur} ; échéance : {_date(action.echeance)} ; "
        f"état : {EtatAction(action.etat).label}"
        + (f" ; {action.commentaire}" if action.commentaire else "")
    )


def _verifier_champs(*, libelle, echeance, etat, porteur, operateur, permis, echeance_avant=None):
    erreurs = {}
    if not (libelle or "").strip():
        erreurs["libelle"] = "Décrivez l'action."
    if echeance is None:
        erreurs["echeance"] = "Indiquez l'échéance de l'action."
    elif echeance != echeance_avant and echeance < timezone.localdate():
        erreurs["echeance"] = "L'échéance est passée : choisissez une date à venir."
    if etat not in EtatAction.values:
        erreurs["etat"] = "Choisissez l'état de l'action."
    cle = regles.cle_du_porteur(porteur, operateur.pk if operateur else None)
    if cle not in {regles.cle_du_porteur(p, o.pk if o else None) for p, o in permis}:
        erreurs["porteur"] = "Vous ne pouvez pas confier une action à ce porteur."
    if erreurs:
        raise ValidationError(erreurs)


def _verifier_plan_modifiable(demande, permis):
    if not permis:
        raise PermissionDenied("Vous lisez ce plan d'action sans pouvoir le modifier.")
    if not regles.plan_modifiable(demande):
        raise ValidationError(PLAN_FIGE.format(statut=Statut(demande.statut).label))


def _notifier_le_plan(demande, par, action, sujet, corps):
    notifier(
        destinataires=[u for u in _parties(demande) if u != par],
        evenement="plan_d_action",
        cle=f"plan_d_action:{action.pk}:{action.version}",
        sujet=f"{demande.reference} — {sujet}",
        corps=corps,
        lien=f"{demande.get_absolute_url()}#plan-d-action",
        demande=demande,
    )


def ajouter_action(
    *,
    demande,
    par,
    libelle,
    porteur,
    operateur=None,
    echeance,
    etat=EtatAction.A_FAIRE,
    commentaire="",
):
    """Add an action to the plan of a supported demande; the other parties are told."""
    with transaction.atomic():
        demande = Demande.objects.select_for_update().get(pk=demande.pk)
        permis = regles.porteurs_permis(par, demande)
        _verifier_plan_modifiable(demande, permis)
        _verifier_champs(
            libelle=libelle,
            echeance=echeance,
            etat=etat,
            porteur=porteur,
            operateur=operateur,
            permis=permis,
        )
        action = Action.objects.create(
            demande=demande,
            libelle=libelle.strip(),
            porteur=porteur,
            operateur=operateur,
            echeance=echeance,
            etat=etat,
            commentaire=commentaire.strip(),
            cree_par=par,
        )
        _evenement(
            demande,
            par,
            f"Action ajoutée au plan d'action : « {_court(action.libelle)} »",
            detail=_description(action),
        )
        _notifier_le_plan(
            demande,
            par,
            action,
            "Nouvelle action au plan d'action",
            f"{par} a ajouté au plan d'action de « {demande.titre} » : {action.libelle}.\n"
            f"{_description(action)}.",
        )
    return action


def modifier_action(
    *, action, par, version, libelle, porteur, operateur=None, echeance, etat, commentaire=""
):
    """Change an action (its state most often); refused if it changed since ``version``."""
    with transaction.atomic():
        demande = Demande.objects.select_for_update().get(pk=action.demande_id)
        action = (
            Action.objects.select_for_update(of=("self",))
            .select_related("operateur")
            .get(pk=action.pk)
        )
        permis = regles.porteurs_permis(par, demande)
        _verifier_plan_modifiable(demande, permis)
        if not regles.peut_modifier_action(par, action, permis):
            raise PermissionDenied("Vous ne modifiez que les actions dont vous êtes le porteur.")
        if version is not None and action.version != int(version):
            raise ValidationError(ACTION_MODIFIEE_ENTRE_TEMPS)
        _verifier_champs(
            libelle=libelle,
            echeance=echeance,
            etat=etat,
            porteur=porteur,
            operateur=operateur,
            permis=permis,
            echeance_avant=action.echeance,
        )
        etat_avant = action.etat
        action.libelle = libelle.strip()
        action.porteur = porteur
        action.operateur = operateur
        action.echeance = echeance
        action.etat = etat
        action.commentaire = commentaire.strip()
        action.version = F("version") + 1
        action.save()
        action.refresh_from_db()
        libelle_evenement = (
            f"Action « {_court(action.libelle)} » : {EtatAction(etat).label.lower()}"
            if etat != etat_avant
            else f"Action « {_court(action.libelle)} » mise à jour"
        )
        _evenement(demande, par, libelle_evenement, detail=_description(action))
        _notifier_le_plan(
            demande,
            par,
            action,
            "Plan d'action mis à jour",
            f"{par} a mis à jour le plan d'action de « {demande.titre} » : {action.libelle}.\n"
            f"{_description(action)}.",
        )
    return action


# « Où en êtes-vous ? »


def numero_de_periode(debut, aujourd_hui, periodicite_mois):
    """Whole periods of ``periodicite_mois`` months elapsed from ``debut`` to ``aujourd_hui``
    (dates): 0 during the first period, 1 from the day the first one ends…"""
    mois = (aujourd_hui.year - debut.year) * 12 + aujourd_hui.month - debut.month
    if aujourd_hui.day < debut.day:
        mois -= 1
    return max(mois, 0) // periodicite_mois


def demander_les_points_d_etape(*, maintenant=None):
    """Ask each supported demande's collectivité « Où en êtes-vous ? » once per period (see
    ``ConfigurationPointsEtape``), by the settings of its département. Idempotent: run twice,
    or by two beats at once, it asks nothing more (one ``PointEtape`` per demande and period,
    unique in the database). Returns the number of points asked."""
    configurations = {}
    aujourd_hui = timezone.localdate(maintenant or timezone.now())
    demandes = Demande.objects.filter(
        statut=Statut.ACCOMPAGNEE, date_accompagnement__isnull=False
    ).select_related("collectivite")
    deja = set(
        PointEtape.objects.filter(demande__statut=Statut.ACCOMPAGNEE).values_list(
            "demande_id", "numero"
        )
    )
    nombre = 0
    for demande in demandes:
        if demande.departement_id not in configurations:
            configurations[demande.departement_id] = ConfigurationPointsEtape.du_departement(
                demande.departement_id
            )
        configuration = configurations[demande.departement_id]
        if not configuration.actif:
            continue
        numero = numero_de_periode(
            timezone.localdate(demande.date_accompagnement),
            aujourd_hui,
            configuration.periodicite_mois,
        )
        if numero < 1 or (demande.pk, numero) in deja:
            continue
        with transaction.atomic():
            point, cree = PointEtape.objects.get_or_create(demande=demande, numero=numero)
            if not cree:
                continue
            _evenement(demande, None, "Point d'étape demandé à la collectivité")
            lien = lien_absolu(reverse("accompagnement:point_d_etape", args=[demande.pk]))
            notifier(
                destinataires=destinataires.collectivite(demande),
                evenement="point_d_etape",
                cle=f"point_d_etape:{point.pk}",
                sujet=f"{demande.reference} — Où en êtes-vous ?",
                corps=(
                    f"Votre projet « {demande.titre} » est accompagné depuis le "
                    f"{_date(timezone.localdate(demande.date_accompagnement))}. Dites-nous en "
                    "quelques lignes où il en est : ce qui avance, ce qui bloque, ce dont vous "
                    f"avez besoin. Répondre : {lien}"
                ),
                lien=f"{demande.get_absolute_url()}#point-d-etape",
                demande=demande,
            )
            nombre += 1
    return nombre


def repondre_point_d_etape(*, demande, par, reponse):
    """The collectivité answers the open progress point: its answer enters the thread, the
    State and the operators are told. Answers every open point at once."""
    reponse = (reponse or "").strip()
    if not est_de_la_collectivite(par, demande):
        raise PermissionDenied("Seule la collectivité donne le point d'étape de son projet.")
    if not regles.peut_repondre_point_d_etape(par, demande):
        raise ValidationError("Le projet n'est plus accompagné : aucun point d'étape à donner.")
    if not reponse:
        raise ValidationError({"reponse": "Dites en quelques lignes où en est le projet."})
    with transaction.atomic():
        ouverts = list(
            PointEtape.objects.select_for_update().filter(
                demande=demande, date_reponse__isnull=True
            )
        )
        if not ouverts:
            raise ValidationError(
                "Aucun point d'étape n'est demandé en ce moment : le prochain vous sera demandé "
                "à la fin de la période."
            )
        message = Message.objects.create(
            demande=demande, auteur=par, texte=f"Point d'étape : {reponse}"
        )
        PointEtape.objects.filter(pk__in=[p.pk for p in ouverts]).update(
            date_reponse=timezone.now(), repondu_par=par, message=message
        )
        _evenement(demande, par, "Point d'étape donné", type=TypeEvenement.MESSAGE)
        notifier(
            destinataires=[u for u in _parties(demande) if u != par],
            evenement="point_d_etape_repondu",
            cle=f"point_d_etape_repondu:{ouverts[-1].pk}",
            sujet=f"{demande.reference} — Point d'étape {demande.collectivite.de_article}",
            corps=reponse[:500],
            lien=f"{demande.get_absolute_url()}#fil",
            demande=demande,
        )
    return message


# Clôture et satisfaction


def _montant(valeur):
    return f"{number_format(valeur, decimal_pos=0, force_grouping=True)} €"


def cloturer(*, demande, par, version, issue, montant_obtenu=None, financeurs="", commentaire=""):
    """The State closes the demande with its outcome and the funding obtained; the
    collectivité is told and invited to give its satisfaction. The transition is the
    workflow's ``cloturer``, and the version the agent saw is checked (optimistic lock)."""
    financeurs = (financeurs or "").strip()
    commentaire = (commentaire or "").strip()
    erreurs = {}
    if issue not in Issue.values:
        erreurs["issue"] = "Choisissez l'issue du projet."
    if montant_obtenu is not None and montant_obtenu < 0:
        erreurs["montant_obtenu"] = "Le montant obtenu ne peut pas être négatif."
    elif montant_obtenu and not financeurs:
        erreurs["financeurs"] = "Indiquez qui a financé le projet (par exemple : DETR, Région)."
    if financeurs and montant_obtenu is None:
        erreurs["montant_obtenu"] = "Indiquez le montant obtenu de ces financeurs."
    if erreurs:
        raise ValidationError(erreurs)
    recit = [f"Issue : {Issue(issue).label}"]
    if montant_obtenu is not None:
        recit.append(
            f"financement obtenu : {_montant(montant_obtenu)}"
            + (f" ({financeurs})" if financeurs else "")
        )
    if commentaire:
        recit.append(commentaire)
    lien = lien_absolu(reverse("accompagnement:satisfaction", args=[demande.pk]))
    with transaction.atomic():
        demande = services_demandes.cloturer_demande(
            demande=demande,
            par=par,
            version=version,
            detail=" ; ".join(recit),
            suite=(
                f"{recit[0]}.\n\nComment s'est passé l'accompagnement ? Donnez votre avis, de 1 "
                f"à 5, en une minute : {lien}"
            ),
        )
        Cloture.objects.update_or_create(
            demande=demande,
            defaults={
                "issue": issue,
                "montant_obtenu": montant_obtenu,
                "financeurs": financeurs,
                "commentaire": commentaire,
                "cloturee_par": par,
                "date": demande.date_cloture,
                "satisfaction": None,
                "commentaire_satisfaction": "",
                "satisfaction_par": None,
                "date_satisfaction": None,
            },
        )
    return demande


def donner_satisfaction(*, demande, par, satisfaction, commentaire=""):
    """The collectivité marks the support from 1 to 5 once its demande is closed (it may
    change its mark later); the State following it is told."""
    if not est_de_la_collectivite(par, demande):
        raise PermissionDenied("Seule la collectivité donne son avis sur l'accompagnement.")
    if satisfaction not in range(1, 6):
        raise ValidationError({"satisfaction": "Choisissez une note de 1 à 5."})
    commentaire = (commentaire or "").strip()
    with transaction.atomic():
        demande = Demande.objects.select_for_update().get(pk=demande.pk)
        if not regles.peut_donner_satisfaction(par, demande):
            raise ValidationError("Votre avis se donne une fois la demande clôturée.")
        cloture = Cloture.objects.select_for_update().filter(demande=demande).first()
        if cloture is None:
            raise ValidationError("Cette demande a été clôturée sans issue enregistrée.")
        cloture.satisfaction = satisfaction
        cloture.commentaire_satisfaction = commentaire
        cloture.satisfaction_par = par
        cloture.date_satisfaction = timezone.now()
        cloture.save()
        _evenement(
            demande,
            par,
            f"Satisfaction donnée par la collectivité : {satisfaction} sur 5",
            detail=commentaire,
        )
        notifier(
            destinataires=[u for u in destinataires.suivi_etat(demande) if u != par],
            evenement="satisfaction",
            cle=f"satisfaction:{cloture.pk}:{cloture.date_satisfaction.timestamp()}",
            sujet=f"{demande.reference} — Satisfaction : {satisfaction} sur 5",
            corps=commentaire[:500] or f"{par} a noté l'accompagnement {satisfaction} sur 5.",
            lien=f"{demande.get_absolute_url()}#cloture",
            demande=demande,
        )
    return cloture
