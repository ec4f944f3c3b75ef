"""Every write on the comité: one function per use case, in one transaction, with its
notifications (outbox). Views, the demo and the tests call these.

A séance carries a ``version``: two agents editing the same agenda at once, the second gets
« modifiée entre-temps » instead of overwriting. Once the agenda is published, every change is
written to ``ModificationOrdreDuJour`` and announced again to the members with a new revision
of the invitation.

A refusal is a ``ValidationError`` (by field when it concerns one), or ``PermissionDenied`` when
the person may not act at all.
"""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import formats, timezone
from guardian.shortcuts import assign_perm, remove_perm

from demandes import chiffres, destinataires
from demandes.models import Demande, Evenement, Statut, TypeEvenement
from demandes.notifications import notifier
from demandes.services import appliquer_transition
from guichet.comptes.roles import Role, est_agent_de_l_etat
from guichet.comptes.services import attribuer_role
from guichet.territoire.models import Departement
from operateurs.models import StatutOrientation

from . import invitation, workflow
from .models import (
    STATUTS_PUBLIES,
    Comite,
    Consultation,
    Convocation,
    Decision,
    MembreComite,
    ModificationOrdreDuJour,
    PointOrdreDuJour,
    ReponseConvocation,
    Seance,
    StatutConsultation,
    nom_du_comite,
)

DEMANDE_D_UN_AUTRE_DEPARTEMENT = (
    "Cette demande relève d'un autre département : elle ne s'inscrit qu'à l'ordre du jour d'une "
    "séance du comité de son département."
)

SEANCE_MODIFIEE_ENTRE_TEMPS = (
    "La séance a été modifiée entre-temps par quelqu'un d'autre. Vos changements n'ont "
    "pas été enregistrés : relisez l'ordre du jour à jour puis recommencez."
)


def comite_du_departement(departement):
    """The comité of ``departement`` (a ``Departement`` or its id), created the first time its
    State agents open the comité's pages: one comité per département."""
    if not isinstance(departement, Departement):
        departement = Departement.objects.get(pk=departement)
    comite, _ = Comite.objects.get_or_create(
        departement=departement, defaults={"nom": nom_du_comite(departement)}
    )
    return comite


def departement_de_la_demande(demande):
    """The id of the département whose comité examines ``demande``."""
    return demande.departement_id


def groupe_du_comite(comite):
    """The group that holds the object permissions of a comité's members."""
    if comite.groupe_id is None:
        comite.groupe, _ = Group.objects.get_or_create(name=f"Comité {comite.pk}")
        comite.save(update_fields=["groupe"])
    return comite.groupe


def _date(seance):
    return formats.date_format(timezone.localtime(seance.date), "l j F Y à H:i")


def _jour(date):
    return formats.date_format(timezone.localtime(date), "j F Y")


def _verrouiller(seance, version, *, par, etape):
    """Lock the séance; check it is still the version the person was looking at, and that
    ``par`` may take ``etape`` (``comite/workflow.py``) in its current status."""
    actuelle = Seance.objects.select_for_update().select_related("comite").get(pk=seance.pk)
    if version is not None and actuelle.version != int(version):
        raise ValidationError(SEANCE_MODIFIEE_ENTRE_TEMPS)
    workflow.verifier(etape, user=par, seance=actuelle)
    return actuelle


def _nouvelle_version(seance, *champs):
    seance.version = F("version") + 1
    seance.save(update_fields=["version", *champs])
    seance.refresh_from_db()
    return seance


def _changer_de_statut(seance, etape, champ_date):
    """Move a locked séance to the status ``etape`` leads to, dated now in ``champ_date``."""
    seance.statut = workflow.TRANSITIONS[etape].cible
    setattr(seance, champ_date, timezone.now())
    return _nouvelle_version(seance, "statut", champ_date)


def _membres(seance):
    return [m.user for m in seance.comite.membres.select_related("user") if m.user.is_active]


def _points_non_internes(seance):
    # The invitation goes to every member, collectivités' representatives included.
    return list(
        seance.points.filter(interne=False, date_retrait__isnull=True).select_related("demande")
    )


def points_publics(comite):
    """The public items of the comité's published agendas: the files its members may read."""
    return PointOrdreDuJour.objects.filter(
        seance__comite=comite, seance__statut__in=STATUTS_PUBLIES, interne=False
    )


def ajuster_acces_aux_demandes(seance):
    """Members read (guardian, on the comité's group) the demandes of the public items of their
    comité's published agendas, and no other: an internal item stays with the State, and an
    item turned internal closes its file to them, unless it is public on another agenda."""
    groupe = groupe_du_comite(seance.comite)
    demandes = Demande.objects.filter(points_ordre_du_jour__seance=seance).distinct()
    publiques = set(
        points_publics(seance.comite).filter(demande__in=demandes).values_list("demande", flat=True)
    )
    for demande in demandes:
        if demande.pk in publiques:
            assign_perm("view_demande", groupe, demande)
        else:
            remove_perm("view_demande", groupe, demande)


def _convoquer(seance):
    for membre in seance.comite.membres.all():
        Convocation.objects.get_or_create(seance=seance, membre=membre)


def _annoncer(seance, *, cle, sujet, corps):
    notifier(
        destinataires=_membres(seance),
        evenement="ordre_du_jour_publie",
        cle=cle,
        sujet=sujet,
        corps=corps,
        lien=seance.get_absolute_url(),
        objet=seance,
        piece_jointe=(
            invitation.NOM_DU_FICHIER,
            invitation.TYPE_MIME,
            # Every recipient is a member, who reads the link on the séance's page too.
            invitation.invitation(seance, _points_non_internes(seance), pour_les_membres=True),
        ),
    )


def _operateurs_orientes(demande):
    """The members of the operators the demande is routed to, except those who declined."""
    return [
        user
        for orientation in demande.orientations.exclude(
            statut=StatutOrientation.DECLINEE
        ).select_related("operateur")
        for user in destinataires.membres_operateur(orientation.operateur, demande)
    ]


def _prevenir_de_l_inscription(point, seance, *, changement="", operateurs=True):
    """Tell the collectivité and the operators routed to that the demande is on a published
    agenda: when, where, and what comes next; ``changement`` says what changed since the last
    message (a new date or place); ``operateurs=False`` tells the collectivité only.

    An internal item is never shown to the collectivité: only the operators hear of it, as
    they hear of its decision; the collectivité reads « Inscrite au comité » on its demande and
    learns nothing of the séance.
    """
    demande = point.demande
    quand = f"le {_date(seance)}, {seance.lieu}"
    deja = f"La séance a changé ({changement}). " if changement else ""
    suite = (
        "Le comité examinera le dossier avec l'avis des opérateurs sollicités, puis décidera : "
        "avis favorable (l'accompagnement commence), ajournement (le dossier revient à une "
        "prochaine séance), avis défavorable, ou simple information."
    )
    cle = f"inscription_comite:{point.pk}:{seance.sequence}"
    sujet = f"{demande.reference} — Examen par le comité le {_jour(seance.date)}"
    if not point.interne:
        notifier(
            destinataires=destinataires.collectivite(demande),
            evenement="inscrite_comite",
            cle=cle,
            sujet=sujet,
            corps=(
                f"{deja}Votre demande « {demande.titre} » est inscrite à l'ordre du jour de la "
                f"séance du comité local de cohésion des territoires {quand}.\n\n{suite} "
                "Vous serez prévenu de sa décision."
            ),
            lien=demande.get_absolute_url(),
            demande=demande,
        )
    if not operateurs:
        return
    notifier(
        destinataires=_operateurs_orientes(demande),
        evenement="inscrite_comite_operateur",
        cle=cle,
        sujet=sujet,
        corps=(
            f"{deja}La demande « {demande.titre} » {demande.collectivite.de_article}, qui "
            f"vous est orientée, est inscrite à l'ordre du jour de la séance du "
            f"comité local de cohésion des territoires {quand}"
            + (
                " (point interne : la collectivité n'en est pas informée)."
                if point.interne
                else "."
            )
            + f"\n\n{suite} Les opérateurs qui accompagnent la demande seront prévenus de sa "
            "décision."
        ),
        lien=demande.get_absolute_url(),
        demande=demande,
    )


def _points_annonces(seance):
    return seance.points.filter(demande__isnull=False).select_related("demande__collectivite")


def _apres_modification(seance, par, description):
    """Revise the invitation (its SEQUENCE) at every change; on a published agenda, also
    record the change and tell the members."""
    seance.sequence = F("sequence") + 1
    seance.save(update_fields=["sequence"])
    seance.refresh_from_db()
    if not workflow.changements_annonces(seance):
        return
    ModificationOrdreDuJour.objects.create(seance=seance, auteur=par, description=description)
    ajuster_acces_aux_demandes(seance)
    _convoquer(seance)
    _annoncer(
        seance,
        cle=f"ordre_du_jour_modifie:{seance.pk}:{seance.sequence}",
        sujet=f"Ordre du jour modifié — séance du {_date(seance)}",
        corps=(
            f"L'ordre du jour de la séance du {_date(seance)} ({seance.lieu}) a changé : "
            f"{description}\n\nL'invitation jointe remplace la précédente."
        ),
    )


def ajouter_membre(*, comite, user, qualite):
    """Make ``user`` a member: role, object-permission group, convocations to come. Idempotent."""
    with transaction.atomic():
        membre, _ = MembreComite.objects.update_or_create(
            comite=comite, user=user, defaults={"qualite": qualite}
        )
        attribuer_role(user=user, role=Role.MEMBRE_COMITE)
        user.groups.add(groupe_du_comite(comite))
    return membre


def retirer_membre(*, membre):
    """Remove a member; they lose sight of the comité's requests (the role stays if other
    comités still count them)."""
    with transaction.atomic():
        user, comite = membre.user, membre.comite
        membre.delete()
        user.groups.remove(groupe_du_comite(comite))
        if not user.membres_comite.exists():
            user.groups.remove(*Group.objects.filter(name=Role.MEMBRE_COMITE.label))
        user.oublier_ce_qui_a_ete_lu()


def _verifier_date(date):
    if date <= timezone.now():
        raise ValidationError({"date": "Choisissez une date et une heure à venir."})


def planifier_seance(*, comite, par, date, lieu, lien_visio=""):
    if not est_agent_de_l_etat(par, comite.departement_id):
        raise PermissionDenied(workflow.RESERVEE_A_L_ETAT)
    _verifier_date(date)
    lieu = lieu.strip()
    if not lieu:
        raise ValidationError({"lieu": "Indiquez le lieu de la séance."})
    with transaction.atomic():
        return Seance.objects.create(comite=comite, date=date, lieu=lieu, lien_visio=lien_visio)


def modifier_seance(*, seance, par, version, date, lieu, lien_visio=""):
    """Change the date, place or video link; after publication the members get a new invitation."""
    with transaction.atomic():
        seance = _verrouiller(seance, version, par=par, etape="modifier_ordre_du_jour")
        if date != seance.date:
            _verifier_date(date)
        changements = []
        if date != seance.date:
            avant = _date(seance)
            seance.date = date
            changements.append(f"date : {avant} → {_date(seance)}")
        if lieu.strip() and lieu.strip() != seance.lieu:
            changements.append(f"lieu : {seance.lieu} → {lieu.strip()}")
            seance.lieu = lieu.strip()
        # The collectivités and operators were given the date and the place, not the link.
        deplacement = ", ".join(changements)
        if lien_visio != seance.lien_visio:
            changements.append("lien de visioconférence modifié")
            seance.lien_visio = lien_visio
        if not changements:
            return seance
        seance = _nouvelle_version(seance, "date", "lieu", "lien_visio")
        _apres_modification(
            seance, par, "Séance déplacée ou modifiée (" + ", ".join(changements) + ")."
        )
        if deplacement and workflow.changements_annonces(seance):
            for point in _points_annonces(seance):
                _prevenir_de_l_inscription(point, seance, changement=deplacement)
    return seance


def _designation(point):
    # Members who represent collectivités get these messages too: internal items stay unnamed.
    return "un point interne" if point.interne else f"« {point.titre} »"


def _prochain_ordre(seance):
    return (seance.points.aggregate(dernier=Max("ordre"))["dernier"] or 0) + 1


def inscrire_demande(
    *, seance, par, version, demande, rapporteur=None, duree_minutes=None, interne=False
):
    """Put a routed demande of the comité's département on the agenda; it becomes « inscrite
    au comité »."""
    with transaction.atomic():
        seance = _verrouiller(seance, version, par=par, etape="modifier_ordre_du_jour")
        # Said before anything of the demande: its title is not its reader's to see.
        if departement_de_la_demande(demande) != seance.comite.departement_id:
            raise ValidationError({"demande": DEMANDE_D_UN_AUTRE_DEPARTEMENT})
        if demande.statut != Statut.ORIENTEE:
            raise ValidationError(
                f"Seule une demande orientée vers des opérateurs s'inscrit à l'ordre du jour : "
                f"« {demande.titre} » est « {Statut(demande.statut).label} »."
            )
        appliquer_transition(
            demande=demande,
            nom="inscrire_comite",
            par=par,
            version=None,
            # An internal item's séance stays off what the collectivité reads.
            detail="" if interne else f"Séance du {_date(seance)}",
            date_inscription_comite=timezone.now(),
        )
        point = PointOrdreDuJour.objects.create(
            seance=seance,
            ordre=_prochain_ordre(seance),
            demande=demande,
            rapporteur=rapporteur,
            duree_minutes=duree_minutes,
            interne=interne,
        )
        seance = _nouvelle_version(seance)
        _apres_modification(seance, par, f"Point ajouté : {_designation(point)}.")
        if workflow.changements_annonces(seance):
            _prevenir_de_l_inscription(point, seance)
    return point


def ajouter_sujet(
    *, seance, par, version, sujet, rapporteur=None, duree_minutes=None, interne=False
):
    """A free item (a programme's progress, a territorial question...) on the agenda."""
    sujet = sujet.strip()
    with transaction.atomic():
        seance = _verrouiller(seance, version, par=par, etape="modifier_ordre_du_jour")
        if not sujet:
            raise ValidationError({"sujet": "Indiquez le sujet du point."})
        point = PointOrdreDuJour.objects.create(
            seance=seance,
            ordre=_prochain_ordre(seance),
            sujet=sujet,
            rapporteur=rapporteur,
            duree_minutes=duree_minutes,
            interne=interne,
        )
        seance = _nouvelle_version(seance)
        _apres_modification(seance, par, f"Point ajouté : {_designation(point)}.")
    return point


def deplacer_point(*, point, par, version, sens):
    """Move an item one place up (``sens="monter"``) or down; the order is renumbered 1..n."""
    with transaction.atomic():
        seance = _verrouiller(point.seance, version, par=par, etape="modifier_ordre_du_jour")
        points = list(seance.points.select_related("demande"))
        position = next(i for i, p in enumerate(points) if p.pk == point.pk)
        voisin = position - 1 if sens == "monter" else position + 1
        if not 0 <= voisin < len(points):
            raise ValidationError("Ce point est déjà à cette extrémité de l'ordre du jour.")
        points[position], points[voisin] = points[voisin], points[position]
        for numero, p in enumerate(points, 1):
            p.ordre = numero
        PointOrdreDuJour.objects.bulk_update(points, ["ordre"])
        seance = _nouvelle_version(seance)
        deplace = points[voisin]
        _apres_modification(
            seance, par, f"Point {_designation(deplace)} déplacé en position {voisin + 1}."
        )
    return deplace


def modifier_point(*, point, par, version, rapporteur, duree_minutes, interne):
    with transaction.atomic():
        seance = _verrouiller(point.seance, version, par=par, etape="modifier_ordre_du_jour")
        point = PointOrdreDuJour.objects.select_related("demande").get(pk=point.pk)
        devient_public = point.interne and not interne
        point.rapporteur = rapporteur
        point.duree_minutes = duree_minutes
        point.interne = interne
        point.save(update_fields=["rapporteur", "duree_minutes", "interne"])
        seance = _nouvelle_version(seance)
        _apres_modification(
            seance,
            par,
            f"Point {_designation(point)} : rapporteur {rapporteur or 'non désigné'}, "
            f"durée {f'{duree_minutes} min' if duree_minutes else 'non précisée'}.",
        )
        if devient_public and point.demande_id and workflow.changements_annonces(seance):
            # The collectivité was not told of an internal item: it learns of it now.
            _prevenir_de_l_inscription(point, seance, operateurs=False)
    return point


def publier_ordre_du_jour(*, seance, par, version):
    """Publish the agenda: members see it and its requests, each gets an .ics invitation."""
    with transaction.atomic():
        seance = _verrouiller(seance, version, par=par, etape="publier_ordre_du_jour")
        if not seance.points.exists():
            raise ValidationError("Ajoutez au moins un point avant de publier l'ordre du jour.")
        seance = _changer_de_statut(seance, "publier_ordre_du_jour", "date_publication")
        ajuster_acces_aux_demandes(seance)
        _convoquer(seance)
        for point in _points_annonces(seance):
            _prevenir_de_l_inscription(point, seance)
        _annoncer(
            seance,
            cle=f"ordre_du_jour_publie:{seance.pk}:{seance.sequence}",
            sujet=f"Ordre du jour de la séance du {_date(seance)}",
            corps=(
                f"L'ordre du jour de la séance du {_date(seance)} ({seance.lieu}) est publié. "
                "Consultez les dossiers et dites si vous serez présent ; l'invitation est jointe."
            ),
        )
    return seance


def repondre_convocation(*, seance, par, reponse, represente_par=""):
    """A member says whether they will attend, or who will represent them."""
    represente_par = represente_par.strip()
    if reponse == ReponseConvocation.REPRESENTE and not represente_par:
        raise ValidationError({"represente_par": "Indiquez qui vous représentera."})
    if reponse != ReponseConvocation.REPRESENTE:
        represente_par = ""
    with transaction.atomic():
        seance = _verrouiller(seance, None, par=par, etape="repondre_convocation")
        membre = MembreComite.objects.get(comite_id=seance.comite_id, user=par)
        convocation, _ = Convocation.objects.update_or_create(
            seance=seance,
            membre=membre,
            defaults={
                "reponse": reponse,
                "represente_par": represente_par,
                "date_reponse": timezone.now(),
            },
        )
    return convocation


# What follows each decision, said in the email to the collectivité and the operators.
SUITE_DE_LA_DECISION = {
    Decision.FAVORABLE: (
        "La demande est désormais « Accompagnée » : les opérateurs qui ont accepté de "
        "l'accompagner poursuivent avec la collectivité."
    ),
    Decision.AJOURNE: (
        "La demande revient au statut « Orientée » : elle pourra être inscrite à une prochaine "
        "séance."
    ),
    Decision.DEFAVORABLE: "La préfecture reviendra vers la collectivité sur la suite à donner.",
    Decision.POUR_INFORMATION: (
        "Le comité a pris connaissance du dossier ; son statut ne change pas."
    ),
}


def _quand_le_comite_a_decide(point, seance):
    """« du 15 décembre 2026 » at the séance, « du 1 décembre 2026, par consultation écrite »
    otherwise: the day the comité decided, as the timeline and the decision section say it."""
    if point.par_consultation_ecrite:
        return f"du {_jour(point.date_decision)}, par consultation écrite"
    return f"du {_jour(seance.date)}"


def _informer_de_la_decision(point, seance):
    """The operators who accepted the demande, and the collectivité unless the item is
    internal."""
    demande = point.demande
    decision = Decision(point.decision)
    operateurs = [
        user
        for orientation in demande.orientations.filter(
            statut=StatutOrientation.ACCEPTEE
        ).select_related("operateur")
        for user in destinataires.membres_operateur(orientation.operateur, demande)
    ]
    if point.par_consultation_ecrite:
        corps = (
            f"Le comité local de cohésion des territoires a examiné la demande « {demande.titre} » "
            f"{demande.collectivite.de_article}, inscrite à l'ordre du jour de sa séance du "
            f"{_jour(seance.date)}. Décidé par consultation écrite le "
            f"{_jour(point.date_decision)} : {decision.label.lower()}."
        )
    else:
        corps = (
            f"Le comité local de cohésion des territoires, réuni le {_date(seance)}, a examiné "
            f"la demande « {demande.titre} » {demande.collectivite.de_article}. "
            f"Décision : {decision.label.lower()}."
        )
    if point.commentaire:
        corps += f"\n\n{point.commentaire}"
    corps += f"\n\n{SUITE_DE_LA_DECISION[decision]}"
    collectivite = [] if point.interne else destinataires.collectivite(demande)
    notifier(
        destinataires=[*collectivite, *operateurs],
        evenement="decision_comite",
        cle=f"decision_comite:{point.pk}",
        sujet=f"{demande.reference} — Décision du comité : {decision.label.lower()}",
        corps=corps,
        lien=demande.get_absolute_url() + "#decision-du-comite",
        demande=demande,
    )


# The demande's transition that follows a decision, and the status it leads to; the other
# decisions leave its status.
TRANSITION_DE_LA_DECISION = {
    Decision.FAVORABLE: ("accompagner", Statut.ACCOMPAGNEE),
    Decision.AJOURNE: ("ajourner", Statut.ORIENTEE),
}


def _consigner_la_decision(point, seance, par):
    """Move the demande as the decision says, and write it in the demande's timeline as the
    comité's, in one line: « Décision du comité du 15 décembre 2026 : avis favorable ; la
    demande passe « Accompagnée » ». The
    agent who recorded it stays the event's author, for the record.

    An internal item's decision and comment stay off what the collectivité reads: its status
    changes in a line of its own, the why is an internal event.
    """
    demande = point.demande
    libelle = (
        f"Décision du comité {_quand_le_comite_a_decide(point, seance)} : "
        f"{Decision(point.decision).label.lower()}"
    )
    nom, statut = TRANSITION_DE_LA_DECISION.get(point.decision, (None, None))
    champs = {"date_accompagnement": timezone.now()} if point.decision == Decision.FAVORABLE else {}
    if nom and not point.interne:
        libelle += f" ; la demande passe « {statut.label} »"
        appliquer_transition(
            demande=demande,
            nom=nom,
            par=par,
            version=None,
            libelle=libelle,
            type=TypeEvenement.COMITE,
            detail=point.commentaire,
            **champs,
        )
        return
    if nom:
        appliquer_transition(demande=demande, nom=nom, par=par, version=None, **champs)
    chiffres.demandes_changees(demande.departement_id)
    Evenement.objects.create(
        demande=demande,
        auteur=par,
        type=TypeEvenement.COMITE,
        libelle=libelle,
        detail=point.commentaire,
        interne=point.interne,
    )


def decider(*, point, par, version, decision, mode, commentaire=""):
    """Record the comité's decision on an item, and move its demande accordingly.

    ``mode`` says how the comité decided (``ModeDecision``): at the séance, from its start only,
    or by written consultation of its members, at any time. Favorable: the demande is
    accompanied. Ajourné: it goes back to « orientée », to be put on a later agenda.
    Défavorable, pour information: its status stays. The collectivité and the operators who
    accepted it are told. The decision is the comité's; ``par`` is kept as who recorded it.
    """
    with transaction.atomic():
        seance = _verrouiller(point.seance, version, par=par, etape="decider")
        if decision not in Decision.values:
            raise ValidationError({"decision": "Choisissez une décision."})
        workflow.mode_de_decision_permis(seance, mode)
        point = PointOrdreDuJour.objects.select_for_update().get(pk=point.pk)
        if point.decision:
            raise ValidationError("Une décision est déjà enregistrée pour ce point.")
        if point.date_retrait:
            raise ValidationError("Ce point est retiré de l'ordre du jour.")
        if Consultation.objects.filter(point=point, statut=StatutConsultation.OUVERTE).exists():
            raise ValidationError(
                "Une consultation écrite est ouverte sur ce point : sa clôture enregistre la "
                "décision."
            )
        point.decision = decision
        point.mode_decision = mode
        point.commentaire = commentaire.strip()
        point.date_decision = timezone.now()
        point.decide_par = par
        point.save(
            update_fields=[
                "decision",
                "mode_decision",
                "commentaire",
                "date_decision",
                "decide_par",
            ]
        )
        if point.demande_id:
            _consigner_la_decision(point, seance, par)
            point.demande.refresh_from_db()
            _informer_de_la_decision(point, seance)
        _nouvelle_version(seance)
    return point


def clore_seance(*, seance, par, version):
    """The séance was held: its agenda is frozen; decisions may still be entered."""
    with transaction.atomic():
        seance = _verrouiller(seance, version, par=par, etape="clore")
        return _changer_de_statut(seance, "clore", "date_cloture")


def publier_releve(*, seance, par, version):
    """Publish the record of decisions; every item must have its decision."""
    with transaction.atomic():
        seance = _verrouiller(seance, version, par=par, etape="publier_releve")
        # A withdrawn item is off the agenda: it needs no decision.
        sans_decision = seance.points.filter(decision="", date_retrait__isnull=True).count()
        if sans_decision:
            raise ValidationError(
                f"{sans_decision} point{'s' if sans_decision > 1 else ''} sans décision : "
                "enregistrez chaque décision avant de publier le relevé."
            )
        seance = _changer_de_statut(seance, "publier_releve", "date_publication_releve")
        notifier(
            destinataires=_membres(seance),
            evenement="releve_publie",
            cle=f"releve_publie:{seance.pk}",
            sujet=f"Relevé de décisions de la séance du {_date(seance)}",
            corps=f"Le relevé de décisions de la séance du {_date(seance)} est publié.",
            lien=seance.get_absolute_url(),
            objet=seance,
        )
    return seance
