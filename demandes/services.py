"""Every write on a demande: one function per use case, in one transaction, with its event
(timeline) and its notifications (outbox). Views call these; so do ``seed_demo`` and the tests.

A refusal is a ``ValidationError`` (by field when it concerns one), or ``PermissionDenied`` when
the person may not act at all.
"""

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from guardian.shortcuts import assign_perm

from guichet.comptes.models import ServiceEtat
from guichet.comptes.roles import ROLES_ETAT, Role, est_agent_de_l_etat
from guichet.comptes.services import groupe_de_collectivite
from guichet.francais import enumeration
from guichet.notifications.courriels import lien_absolu

from . import chiffres, destinataires, workflow
from .fichiers import NOMBRE_MAX, verifier_fichier
from .models import (
    A_LA_SUITE,
    CompteurReference,
    Demande,
    DemandeComplement,
    Evenement,
    Message,
    PieceJointe,
    PointComplement,
    Statut,
    TypeEvenement,
)
from .notifications import notifier
from .pieces_en_attente import PieceEnAttente, oublier

PERMISSIONS_COLLECTIVITE = ("view_demande", "change_demande")
MOTIF_RETRAIT = "Retirée par la collectivité"

CHAMPS_MODIFIABLES = [
    "titre",
    "description",
    "programme",
    "besoin",
    "maturite",
    "budget_estime",
    "echeance_souhaitee",
    "contact_nom",
    "contact_email",
    "contact_telephone",
    "publier_donnees_ouvertes",
]


MODIFIEE_ENTRE_TEMPS = (
    "La demande a été modifiée entre-temps par quelqu'un d'autre. Vos changements "
    "n'ont pas été enregistrés : relisez la demande à jour puis recommencez."
)


REQUIS_POUR_DEPOSER = {
    "titre": "Indiquez le titre du projet.",
    "description": "Décrivez le projet.",
    "thematiques": "Choisissez au moins une thématique.",
    "besoin": "Indiquez votre besoin principal.",
    "maturite": "Indiquez où en est le projet.",
    "contact_nom": "Indiquez la personne à contacter.",
    "contact_email": "Indiquez l'adresse électronique de la personne à contacter.",
}


def champs_manquants_pour_depot(donnees, thematiques):
    """What a demande still lacks before it can be filed, field by field."""
    presents = {**donnees, "thematiques": thematiques}
    return {
        champ: message for champ, message in REQUIS_POUR_DEPOSER.items() if not presents.get(champ)
    }


def _verrouiller(demande, version):
    """Lock the row and check it is still the version the person was looking at."""
    actuelle = Demande.objects.select_for_update().get(pk=demande.pk)
    if version is not None and actuelle.version != int(version):
        raise ValidationError(MODIFIEE_ENTRE_TEMPS, code="modifiee_entre_temps")
    return actuelle


def _evenement(demande, par, type, libelle, *, detail="", statut_avant="", interne=False):
    chiffres.demandes_changees(demande.departement_id)
    return Evenement.objects.create(
        demande=demande,
        auteur=par,
        type=type,
        libelle=libelle,
        detail=detail,
        statut_avant=statut_avant,
        statut_apres=demande.statut if statut_avant else "",
        interne=interne,
    )


def _transition(
    demande, nom, par, *, detail="", libelle="", type=TypeEvenement.TRANSITION, **champs
):
    """Apply transition ``nom`` to a locked demande: status, dates, version, and the one line
    of the timeline that tells it (``libelle`` when the use case words it better than the
    transition's account; ``type`` says what kind of action it was)."""
    transition = workflow.verifier(nom, user=par, demande=demande)
    avant = demande.statut
    demande.statut = transition.cible
    for champ, valeur in champs.items():
        setattr(demande, champ, valeur)
    demande.version = F("version") + 1
    demande.save()
    demande.refresh_from_db()
    _evenement(demande, par, type, libelle or transition.recit, detail=detail, statut_avant=avant)
    return demande


def _documents_joints(pieces):
    """The timeline's detail naming the documents an action brought ("" when none)."""
    if not pieces:
        return ""
    noms = ", ".join(piece.nom for piece in pieces)
    return f"Documents joints : {noms}" if len(pieces) > 1 else f"Document joint : {noms}"


@contextmanager
def _atomique_avec_fichiers():
    """``transaction.atomic`` that also removes the files written in the block if it fails."""
    ecrits = []
    try:
        with transaction.atomic():
            yield ecrits
    except BaseException:
        for fichier in ecrits:
            fichier.storage.delete(fichier.name)
        raise


def nombre_de_documents(demande):
    """The documents of the demande's file, counted against ``NOMBRE_MAX`` (those attached to
    messages are counted per message)."""
    return demande.pieces.filter(message__isnull=True).count()


def _ajouter_pieces(demande, par, fichiers, ecrits, *, complement=None, message=None):
    """Count the files, check each (nothing is written if one is refused), then store them.

    ``fichiers`` are uploaded files or files set aside by an earlier attempt
    (``PieceEnAttente``, checked then), which leave their waiting place once this commits.
    Returns the new ``PieceJointe``; the caller tells the timeline.
    """
    if message is not None and len(fichiers) > NOMBRE_MAX:
        raise ValidationError({"documents": f"Un message compte au plus {NOMBRE_MAX} documents."})
    if message is None and fichiers and nombre_de_documents(demande) + len(fichiers) > NOMBRE_MAX:
        raise ValidationError({"documents": f"Une demande compte au plus {NOMBRE_MAX} documents."})
    verifies = [
        (f, f.verifie if isinstance(f, PieceEnAttente) else verifier_fichier(f)) for f in fichiers
    ]
    pieces = []
    for fichier, verifie in verifies:
        piece = PieceJointe(
            demande=demande,
            complement=complement,
            message=message,
            nom=verifie.nom,
            type_mime=verifie.type_mime,
            extension=verifie.extension,
            taille=verifie.taille,
            depose_par=par,
        )
        if isinstance(fichier, PieceEnAttente):
            with fichier.ouvrir() as contenu:
                piece.fichier.save(verifie.nom, contenu, save=False)
            transaction.on_commit(lambda f=fichier: oublier(f))
        else:
            piece.fichier.save(verifie.nom, fichier, save=False)
        ecrits.append(piece.fichier)
        piece.save()
        pieces.append(piece)
    return pieces


def _donner_acces_a_la_collectivite(demande):
    groupe = groupe_de_collectivite(demande.collectivite)
    for permission in PERMISSIONS_COLLECTIVITE:
        assign_perm(permission, groupe, demande)


def _departement_de(collectivite):
    """The département whose State services instruct ``collectivite``'s demandes."""
    if collectivite.departement_id is None:
        raise ValidationError(
            {
                "collectivite": (
                    f"{capfirst(collectivite.avec_article)} n'est rattachée à aucun département : "
                    "l'administrateur doit d'abord l'y placer."
                )
            }
        )
    return collectivite.departement_id


def creer_brouillon(*, collectivite, par, donnees, thematiques=(), fichiers=(), deposer=False):
    """Create a draft for ``collectivite``; all its members see it from now on.

    With ``deposer``, the draft is filed at once (see ``deposer_demande``), in the same
    transaction: the timeline tells one action, « Demande déposée ».
    """
    if not par.rattachements.filter(collectivite=collectivite).exists():
        raise PermissionDenied("Seuls ses membres déposent pour une collectivité.")
    with _atomique_avec_fichiers() as ecrits:
        demande = Demande.objects.create(
            collectivite=collectivite,
            departement_id=_departement_de(collectivite),
            deposant=par,
            **{champ: donnees[champ] for champ in CHAMPS_MODIFIABLES if champ in donnees},
        )
        demande.thematiques.set(thematiques)
        _donner_acces_a_la_collectivite(demande)
        documents = _documents_joints(_ajouter_pieces(demande, par, fichiers, ecrits))
        if deposer:
            return _deposer(demande, par, detail=documents)
        _evenement(demande, par, TypeEvenement.CREATION, "Brouillon créé", detail=documents)
    return demande


def modifier_brouillon(
    *, demande, par, version, donnees, thematiques=(), fichiers=(), deposer=False
):
    """Change a draft; with ``deposer``, file it in the same transaction (one timeline line)."""
    with _atomique_avec_fichiers() as ecrits:
        demande = _verrouiller(demande, version)
        if not workflow.est_de_la_collectivite(par, demande):
            raise PermissionDenied("Seule sa collectivité modifie ce brouillon.")
        if demande.statut != Statut.BROUILLON:
            raise ValidationError(
                "Seul un brouillon se modifie ; une demande déposée se complète par messages "
                "et documents."
            )
        for champ in CHAMPS_MODIFIABLES:
            if champ in donnees:
                setattr(demande, champ, donnees[champ])
        demande.version = F("version") + 1
        demande.save()
        demande.refresh_from_db()
        demande.thematiques.set(thematiques)
        documents = _documents_joints(_ajouter_pieces(demande, par, fichiers, ecrits))
        if deposer:
            return _deposer(demande, par, detail=documents)
        _evenement(demande, par, TypeEvenement.MODIFICATION, "Brouillon modifié", detail=documents)
    return demande


def _prochaine_reference():
    annee = timezone.localdate().year
    try:
        with transaction.atomic():
            CompteurReference.objects.get_or_create(annee=annee)
    except IntegrityError:
        pass  # created meanwhile by a concurrent filing: the lock below waits for it
    compteur = CompteurReference.objects.select_for_update().get(annee=annee)
    compteur.dernier += 1
    compteur.save(update_fields=["dernier"])
    return f"GU-{annee}-{compteur.dernier:04d}"


def _service_de(agent):
    """The State service an agent works in, as a sentence names it: « préfecture », « DDT »."""
    services = set(agent.rattachements.exclude(service="").values_list("service", flat=True))
    if ServiceEtat.PREFECTURE in services:
        return "préfecture"
    if ServiceEtat.DDT in services:
        return "DDT"
    return "État"


def deposer_pour_le_compte(*, collectivite, par, canal, donnees, thematiques=(), fichiers=()):
    """A State agent files a demande for ``collectivite``, which asked by ``canal`` (a call, a
    letter, an email, a meeting). The demande is the collectivité's from now on, as if it had
    filed it: the usual notifications of a filing, plus its members, who may take it over
    (``reprendre_demande``). The timeline says who filed for whom, and after what."""
    if not est_agent_de_l_etat(par, collectivite.departement_id):
        raise PermissionDenied(
            "Seuls la préfecture et la DDT de son département déposent pour une collectivité."
        )
    if canal not in A_LA_SUITE:
        raise ValidationError({"canal": "Indiquez comment la collectivité a fait sa demande."})
    with _atomique_avec_fichiers() as ecrits:
        demande = Demande.objects.create(
            collectivite=collectivite,
            departement_id=_departement_de(collectivite),
            deposant=par,
            deposee_pour_le_compte_par=par,
            canal=canal,
            **{champ: donnees[champ] for champ in CHAMPS_MODIFIABLES if champ in donnees},
        )
        demande.thematiques.set(thematiques)
        _donner_acces_a_la_collectivite(demande)
        documents = _documents_joints(_ajouter_pieces(demande, par, fichiers, ecrits))
        libelle = (
            f"Déposée par {par} ({_service_de(par)}) pour {collectivite.avec_article}, "
            f"{A_LA_SUITE[canal]}"
        )
        demande = _deposer(
            demande, par, detail=documents, transition="deposer_pour_le_compte", libelle=libelle
        )
        _informer_la_collectivite(
            demande,
            evenement="deposee_pour_vous",
            cle=f"deposee_pour_vous:{demande.pk}",
            sujet="Une demande déposée pour vous par l'État",
            corps=(
                f"{par} a déposé pour {collectivite.avec_article} la demande "
                f"« {demande.titre} », {A_LA_SUITE[canal]}. Vous pouvez la reprendre depuis sa "
                "page : vous en deviendrez le déposant et la personne à contacter."
            ),
        )
    return demande


def reprendre_demande(*, demande, par, version):
    """A member of the collectivité takes over a demande the State filed for it: they become
    its déposant and contact. Once only."""
    with transaction.atomic():
        demande = _verrouiller(demande, version)
        if not workflow.est_de_la_collectivite(par, demande):
            raise PermissionDenied("Seul un membre de la collectivité reprend sa demande.")
        if demande.deposee_pour_le_compte_par_id is None:
            raise ValidationError("Cette demande a été déposée par la collectivité elle-même.")
        if demande.date_reprise is not None:
            raise ValidationError(
                f"Cette demande a déjà été reprise par {demande.deposant} : elle ne se reprend "
                "qu'une fois."
            )
        demande.deposant = par
        demande.contact_nom = par.get_full_name() or par.email
        demande.contact_email = par.email
        demande.contact_telephone = par.telephone
        demande.date_reprise = timezone.now()
        demande.version = F("version") + 1
        demande.save()
        demande.refresh_from_db()
        _evenement(
            demande,
            par,
            TypeEvenement.REPRISE,
            f"Demande reprise par {par} pour {demande.collectivite.avec_article}",
            detail=f"{par} en est désormais le déposant et la personne à contacter.",
        )
        notifier(
            destinataires=[
                u
                for u in {demande.deposee_pour_le_compte_par, *destinataires.referent(demande)}
                if u.is_active
            ],
            evenement="demande_reprise",
            cle=f"reprise:{demande.pk}",
            sujet=f"{demande.reference} — Demande reprise {demande.collectivite.de_article}",
            corps=(
                f"{par} a repris la demande « {demande.titre} » : il ou elle en est désormais "
                "le déposant et la personne à contacter."
            ),
            lien=demande.get_absolute_url(),
            demande=demande,
        )
    return demande


def deposer_demande(*, demande, par, version):
    """File a complete draft: reference, status ``deposee``, préfet and DDT notified."""
    with transaction.atomic():
        return _deposer(_verrouiller(demande, version), par)


def _deposer(demande, par, *, detail="", transition="deposer", libelle=""):
    workflow.verifier(transition, user=par, demande=demande)
    donnees = {champ: getattr(demande, champ) for champ in CHAMPS_MODIFIABLES}
    erreurs = champs_manquants_pour_depot(donnees, list(demande.thematiques.all()))
    if erreurs:
        raise ValidationError(erreurs)
    demande = _transition(
        demande,
        transition,
        par,
        detail=detail,
        libelle=libelle,
        reference=_prochaine_reference(),
        date_depot=timezone.now(),
    )
    lien = demande.get_absolute_url()
    notifier(
        destinataires=destinataires.services_de_l_etat(demande.departement_id),
        evenement="demande_deposee",
        cle=f"deposee:{demande.pk}",
        sujet=f"{demande.reference} — Nouvelle demande {demande.collectivite.de_article}",
        corps=(
            f"{capfirst(demande.collectivite.avec_article)} a déposé la demande "
            f"« {demande.titre} ». Elle attend d'être prise en charge."
        ),
        lien=lien,
        demande=demande,
    )
    notifier(
        destinataires=[par],
        evenement="accuse_reception",
        cle=f"accuse:{demande.pk}",
        sujet=f"{demande.reference} — Votre demande est bien déposée",
        corps=(
            f"Votre demande « {demande.titre} » est enregistrée sous la référence "
            f"{demande.reference}. La préfecture et la DDT en sont informées.\n\n"
            "Votre récépissé de dépôt (PDF) : "
            + lien_absolu(reverse("demandes:recepisse", args=[demande.pk]))
        ),
        lien=lien,
        demande=demande,
    )
    return demande


def supprimer_brouillon(*, demande, par):
    with transaction.atomic():
        demande = _verrouiller(demande, None)
        if demande.statut != Statut.BROUILLON:
            raise ValidationError(
                "Seul un brouillon peut être supprimé ; une demande déposée peut être retirée."
            )
        if not workflow.est_de_la_collectivite(par, demande):
            raise PermissionDenied("Vous ne pouvez pas supprimer ce brouillon.")
        fichiers = [piece.fichier for piece in demande.pieces.all()]
        demande.delete()
        transaction.on_commit(lambda: [f.storage.delete(f.name) for f in fichiers])


def _informer_la_collectivite(demande, *, evenement, cle, sujet, corps):
    notifier(
        destinataires=destinataires.collectivite(demande),
        evenement=evenement,
        cle=cle,
        sujet=f"{demande.reference} — {sujet}",
        corps=corps,
        lien=demande.get_absolute_url(),
        demande=demande,
    )


def retirer_demande(*, demande, par, version):
    """The collectivité withdraws a filed demande nobody has taken in charge yet."""
    with transaction.atomic():
        demande = _verrouiller(demande, version)
        demande = _transition(
            demande,
            "retirer",
            par,
            motif_classement=MOTIF_RETRAIT,
            date_classement=timezone.now(),
            detail=MOTIF_RETRAIT,
        )
        notifier(
            destinataires=destinataires.services_de_l_etat(demande.departement_id),
            evenement="demande_retiree",
            cle=f"retiree:{demande.pk}",
            sujet=f"{demande.reference} — Demande retirée par {demande.collectivite.avec_article}",
            corps=f"La demande « {demande.titre} » a été retirée par la collectivité.",
            lien=demande.get_absolute_url(),
            demande=demande,
        )
    return demande


def prendre_en_charge(*, demande, par, version, referent=None):
    referent = referent or par
    with transaction.atomic():
        demande = _verrouiller(demande, version)
        demande = _transition(
            demande,
            "prendre_en_charge",
            par,
            referent=referent,
            date_prise_en_charge=timezone.now(),
            detail=f"Référent : {referent}",
        )
        _informer_la_collectivite(
            demande,
            evenement="prise_en_charge",
            cle=f"prise_en_charge:{demande.pk}:{demande.version}",
            sujet="Votre demande est prise en charge",
            corps=f"{referent} suit désormais votre demande « {demande.titre} ».",
        )
    return demande


def demander_complement(*, demande, par, version, points, message=""):
    """Send the demande back to the collectivité with one or more points to complete.

    ``points`` is a list of ``(question, motif)``.
    """
    if not points:
        raise ValidationError({"points": "Indiquez au moins un point à compléter."})
    with transaction.atomic():
        demande = _verrouiller(demande, version)
        demande = _transition(
            demande,
            "demander_complement",
            par,
            type=TypeEvenement.COMPLEMENT_DEMANDE,
            detail=" ; ".join(question for question, _ in points),
        )
        complement = DemandeComplement.objects.create(
            demande=demande, demande_par=par, message=message
        )
        PointComplement.objects.bulk_create(
            PointComplement(complement=complement, question=question, motif=motif)
            for question, motif in points
        )
        _informer_la_collectivite(
            demande,
            evenement="a_completer",
            cle=f"a_completer:{complement.pk}",
            sujet="Des précisions sont demandées",
            corps=(
                f"Pour avancer sur votre demande « {demande.titre} », l'État a besoin de "
                "précisions. Répondez aux points demandés depuis la page de la demande."
            ),
        )
    return complement


def repondre_complement(*, demande, par, version, reponses, fichiers=()):
    """Answer every point of the open complement; the demande returns to ``en_instruction``.

    ``reponses`` maps each point's id to its answer; every point must be answered. The answer
    also enters the thread (a message tied to the complement), and the State's email leads to
    it on the demande's page.
    """
    with _atomique_avec_fichiers() as ecrits:
        demande = _verrouiller(demande, version)
        workflow.verifier("repondre_complement", user=par, demande=demande)
        complement = demande.complements.select_for_update().get(date_reponse__isnull=True)
        points = list(complement.points.all())
        manquants = [p for p in points if not (reponses.get(p.pk) or "").strip()]
        if manquants:
            raise ValidationError({f"point_{p.pk}": "Répondez à ce point." for p in manquants})
        for point in points:
            point.reponse = reponses[point.pk].strip()
        PointComplement.objects.bulk_update(points, ["reponse"])
        complement.date_reponse = timezone.now()
        complement.repondu_par = par
        complement.save(update_fields=["date_reponse", "repondu_par"])
        pieces = _ajouter_pieces(demande, par, fichiers, ecrits, complement=complement)
        demandee_le = date_format(timezone.localtime(complement.date_ouverture), "j F Y")
        Message.objects.create(
            demande=demande,
            auteur=par,
            texte=f"Réponse aux précisions demandées le {demandee_le}.",
            complement=complement,
        )
        demande = _transition(
            demande,
            "repondre_complement",
            par,
            type=TypeEvenement.COMPLEMENT_REPONDU,
            detail=_documents_joints(pieces),
        )
        notifier(
            destinataires=destinataires.suivi_etat(demande),
            evenement="complement_repondu",
            cle=f"complement_repondu:{complement.pk}",
            sujet=f"{demande.reference} — {capfirst(demande.collectivite.avec_article)} a répondu",
            corps=f"Les compléments demandés pour « {demande.titre} » ont été apportés.",
            lien=f"{demande.get_absolute_url()}#{ancre_du_complement(complement)}",
            demande=demande,
        )
    return demande


def ancre_du_complement(complement):
    """Where a complement, its points and answers are on the demande's page."""
    return f"complement-{complement.pk}"


def classer_demande(*, demande, par, version, motif):
    motif = motif.strip()
    if not motif:
        raise ValidationError({"motif": "Indiquez le motif du classement."})
    with transaction.atomic():
        demande = _verrouiller(demande, version)
        demande = _transition(
            demande,
            "classer",
            par,
            motif_classement=motif,
            date_classement=timezone.now(),
            detail=motif,
        )
        _informer_la_collectivite(
            demande,
            evenement="classee",
            cle=f"classee:{demande.pk}:{demande.version}",
            sujet="Votre demande est classée sans suite",
            corps=f"Votre demande « {demande.titre} » est classée sans suite. Motif : {motif}",
        )
    return demande


def cloturer_demande(*, demande, par, version, detail="", suite=""):
    """Close the demande; ``suite`` ends the collectivité's message (the outcome, the invitation
    to give its satisfaction: see ``accompagnement.services.cloturer``)."""
    with transaction.atomic():
        demande = _verrouiller(demande, version)
        demande = _transition(demande, "cloturer", par, date_cloture=timezone.now(), detail=detail)
        _informer_la_collectivite(
            demande,
            evenement="cloturee",
            cle=f"cloturee:{demande.pk}:{demande.version}",
            sujet="Votre demande est clôturée",
            corps=f"L'accompagnement de votre demande « {demande.titre} » est terminé."
            + (f"\n\n{suite}" if suite else ""),
        )
    return demande


def rouvrir_demande(*, demande, par, version, motif):
    motif = motif.strip()
    if not motif:
        raise ValidationError({"motif": "Indiquez pourquoi la demande est rouverte."})
    with transaction.atomic():
        demande = _verrouiller(demande, version)
        return _transition(demande, "rouvrir", par, detail=motif)


def appliquer_transition(
    *, demande, nom, par, version, detail="", libelle="", type=TypeEvenement.TRANSITION, **champs
):
    """A transition fired by another app's use case (orientation, comité): status and timeline,
    in one line worded by ``libelle`` and typed ``type`` when given (a comité's decision)."""
    with transaction.atomic():
        demande = _verrouiller(demande, version)
        return _transition(demande, nom, par, detail=detail, libelle=libelle, type=type, **champs)


def envoyer_message(*, demande, par, texte, interne=False, fichiers=()):
    """Post in the thread, with documents if any. Internal notes (and their documents) are for
    the State and operators only; a comité member reads the thread but never writes in it."""
    if not workflow.a_ete_deposee(demande):
        raise PermissionDenied("Un brouillon n'a pas encore de fil de discussion.")
    if not workflow.peut_ecrire(par, demande):
        raise PermissionDenied("Vous lisez cette demande sans pouvoir y écrire.")
    texte = texte.strip()
    if not texte:
        raise ValidationError({"texte": "Écrivez un message."})
    de_la_collectivite = workflow.est_de_la_collectivite(par, demande)
    if interne and de_la_collectivite:
        raise PermissionDenied("Une collectivité n'écrit pas de note interne.")
    with _atomique_avec_fichiers() as ecrits:
        message = Message.objects.create(demande=demande, auteur=par, texte=texte, interne=interne)
        pieces = _ajouter_pieces(demande, par, fichiers, ecrits, message=message)
        _evenement(
            demande,
            par,
            TypeEvenement.MESSAGE,
            "Note interne ajoutée" if interne else "Message envoyé",
            detail=_documents_joints(pieces),
            interne=interne,
        )
        if de_la_collectivite or interne:
            cible = destinataires.suivi_etat(demande)
        elif par.a_le_role(Role.OPERATEUR):
            cible = [*destinataires.collectivite(demande), *destinataires.suivi_etat(demande)]
        else:
            cible = destinataires.collectivite(demande)
        notifier(
            destinataires=[u for u in cible if u != par],
            evenement="message",
            cle=f"message:{message.pk}",
            sujet=f"{demande.reference} — Nouveau message de {par}",
            corps=texte[:500],
            lien=demande.get_absolute_url() + "#fil",
            demande=demande,
        )
    return message


def ajouter_documents(*, demande, par, fichiers):
    """Add documents to a filed demande (the collectivité completes its file) until it is
    closed; the State following it is told."""
    if not fichiers:
        raise ValidationError({"documents": "Choisissez au moins un document."})
    with _atomique_avec_fichiers() as ecrits:
        demande = _verrouiller(demande, None)
        if not workflow.peut_ajouter_des_documents(par, demande):
            if not workflow.est_de_la_collectivite(par, demande):
                raise PermissionDenied("Seule la collectivité ajoute des documents.")
            raise ValidationError(
                "Une demande close, ou pas encore déposée, ne reçoit pas de documents ici."
            )
        pieces = _ajouter_pieces(demande, par, fichiers, ecrits)
        _evenement(
            demande,
            par,
            TypeEvenement.DOCUMENT,
            "Documents ajoutés" if len(pieces) > 1 else "Document ajouté",
            detail=", ".join(piece.nom for piece in pieces),
        )
        notifier(
            destinataires=[u for u in destinataires.suivi_etat(demande) if u != par],
            evenement="documents_ajoutes",
            cle=f"documents_ajoutes:{pieces[0].pk}",
            sujet=f"{demande.reference} — Nouveaux documents {demande.collectivite.de_article}",
            corps=(
                f"{capfirst(demande.collectivite.avec_article)} a ajouté à « {demande.titre} » : "
                + ", ".join(piece.nom for piece in pieces)
                + "."
            ),
            lien=f"{demande.get_absolute_url()}#documents",
            demande=demande,
        )
    return demande


def assigner(*, demande, par, version, referent):
    """Make ``referent`` (a State agent of the demande's département) the referent; the
    timeline keeps the previous one."""
    if not est_agent_de_l_etat(par, demande.departement_id):
        raise PermissionDenied("Seuls la préfecture et la DDT attribuent une demande.")
    if not (
        referent.a_le_role(*ROLES_ETAT)
        and demande.departement_id in referent.departements_de_l_etat
    ):
        raise ValidationError(
            {
                "referent": (
                    "Le référent doit être un agent de la préfecture ou de la DDT "
                    f"{demande.departement.du_nom}."
                )
            }
        )
    with transaction.atomic():
        demande = _verrouiller(demande, version)
        if demande.statut == Statut.BROUILLON:
            raise ValidationError("Un brouillon ne s'attribue pas.")
        if demande.statut in workflow.STATUTS_CLOS:
            raise ValidationError(
                f"La demande est « {Statut(demande.statut).label} » : elle ne se confie plus ; "
                "rouvrez-la d'abord."
            )
        if demande.statut == Statut.DEPOSEE:
            return prendre_en_charge(demande=demande, par=par, version=None, referent=referent)
        ancien = demande.referent
        demande.referent = referent
        demande.version = F("version") + 1
        demande.save(update_fields=["referent", "version", "date_modification"])
        demande.refresh_from_db()
        _evenement(
            demande,
            par,
            TypeEvenement.ATTRIBUTION,
            f"Demande confiée à {referent}",
            detail=f"Précédent référent : {ancien or 'aucun'}",
        )
        if referent != par:
            notifier(
                destinataires=[referent],
                evenement="attribution",
                cle=f"attribution:{demande.pk}:{demande.version}",
                sujet=f"{demande.reference} — Demande qui vous est confiée",
                corps=f"{par} vous a confié la demande « {demande.titre} ».",
                lien=demande.get_absolute_url(),
                demande=demande,
            )
    return demande


def orienter_demande(*, demande, par, version, operateurs, message=""):
    """Route the demande to one or more operators: they see it from now on and are told (each
    operator's team serving the demande's département, or its national group)."""
    from guardian.shortcuts import assign_perm

    from operateurs.equipes import groupe_pour
    from operateurs.models import Orientation

    operateurs = list(operateurs)
    if not operateurs:
        raise ValidationError({"operateurs": "Choisissez au moins un opérateur."})
    with transaction.atomic():
        demande = _verrouiller(demande, version)
        deja = set(demande.orientations.values_list("operateur_id", flat=True))
        nouveaux = [o for o in operateurs if o.pk not in deja]
        if not nouveaux:
            raise ValidationError(
                {"operateurs": "La demande est déjà orientée vers ces opérateurs."}
            )
        noms = ", ".join(str(o) for o in nouveaux)
        demande = _transition(
            demande,
            "orienter",
            par,
            date_orientation=demande.date_orientation or timezone.now(),
            detail=f"Vers : {noms}" + (f" — {message}" if message else ""),
        )
        for operateur in nouveaux:
            Orientation.objects.create(
                demande=demande, operateur=operateur, message=message, oriente_par=par
            )
            assign_perm("view_demande", groupe_pour(operateur, demande), demande)
            notifier(
                destinataires=destinataires.membres_operateur(operateur, demande),
                evenement="orientee_operateur",
                cle=f"orientee:{demande.pk}:{operateur.pk}",
                sujet=(
                    f"{demande.reference} — Nouvelle demande orientée vers {operateur.avec_article}"
                ),
                corps=(
                    f"La demande « {demande.titre} » {demande.collectivite.de_article} vous est "
                    "orientée. Acceptez-la ou déclinez-la depuis votre espace opérateur."
                    + (f"\n\nMessage : {message}" if message else "")
                ),
                lien=demande.get_absolute_url(),
                demande=demande,
            )
        _informer_la_collectivite(
            demande,
            evenement="orientee",
            cle=f"orientee_collectivite:{demande.pk}:{demande.version}",
            sujet="Votre demande est transmise à des opérateurs",
            corps=(
                f"Votre demande « {demande.titre} » est transmise "
                f"{enumeration(o.a_article for o in nouveaux)}."
            ),
        )
    return demande
