"""Every write on an avis: ask, answer (the expert, without an account), send again, revoke.

Each runs in one transaction with its timeline line (``Evenement``, internal when the avis is
confidential) and its outbox rows: the expert by address (``notifier(adresses=…)``), the
referent and the agent who asked by account.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from demandes import destinataires, workflow
from demandes.fichiers import NOMBRE_MAX, verifier_fichier
from demandes.models import Demande, Evenement, TypeEvenement
from demandes.notifications import notifier
from guichet.comptes.roles import est_agent_de_l_etat

from . import regles
from .models import Avis, DocumentAvis

RESERVE_A_L_ETAT = "Seuls la préfecture et la DDT demandent, relancent ou révoquent un avis."
DEJA_REPONDU = "L'expert a déjà donné son avis."
REVOQUE = "Cette demande d'avis a été révoquée."
EXPIRE = "Le lien de cette demande d'avis a expiré."


def fin_de_validite(date_limite):
    """The link works until the end of the day, ``AVIS_LIEN_JOURS_APRES_LIMITE`` days after the
    deadline (an expert a little late can still answer)."""
    jour = date_limite + datetime.timedelta(days=settings.AVIS_LIEN_JOURS_APRES_LIMITE)
    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time.max))


def etat_du_lien(avis, maintenant=None):
    """What the expert's page says: ``"ouvert"``, ``"repondu"``, ``"revoque"`` or ``"expire"``."""
    if avis.revoque:
        return "revoque"
    if avis.repondu:
        return "repondu"
    if (maintenant or timezone.now()) > avis.lien_expire_le:
        return "expire"
    return "ouvert"


def jour(date):
    return date_format(date, "j F Y")


def _evenement(avis, par, libelle, detail=""):
    return Evenement.objects.create(
        demande=avis.demande,
        auteur=par,
        type=TypeEvenement.AVIS,
        libelle=libelle,
        detail=detail,
        interne=regles.evenement_interne(avis),
    )


def ecrire_a_l_expert(avis, *, evenement, cle, sujet, corps):
    notifier(
        destinataires=(),
        adresses=[avis.expert_email],
        evenement=evenement,
        cle=cle,
        sujet=sujet,
        corps=corps,
        objet=avis,
    )


def _corps_de_la_demande(avis, *, par):
    demande = avis.demande
    service = par.rattachements.filter(service__isnull=False).first()
    qui = f"{par}" + (f" ({service.get_service_display()})" if service else "")
    return (
        f"{qui} demande votre avis sur le projet « {demande.titre} » "
        f"({demande.reference}, {demande.collectivite.nom}).\n\n"
        f"Question : {avis.question}\n\n"
        f"Merci de répondre avant le {jour(avis.date_limite)}, sur la page du lien ci-dessous, "
        "sans créer de compte ; vous pourrez y joindre des documents. Le lien est valable "
        f"jusqu'au {jour(timezone.localtime(avis.lien_expire_le))}."
        + (
            "\n\nCet avis est confidentiel : il ne sera lu que par les services de l'État."
            if avis.confidentiel
            else ""
        )
    )


def _verifier_la_date(date_limite):
    if date_limite < timezone.localdate():
        raise ValidationError({"date_limite": "La date limite ne peut pas être déjà passée."})


def demander_avis(
    *,
    demande,
    par,
    expert_nom,
    expert_organisme,
    expert_email,
    question,
    date_limite,
    confidentiel=False,
):
    """Ask ``expert_email`` (anyone, with or without an account) for an opinion on ``demande``;
    they receive a signed link to answer."""
    if not est_agent_de_l_etat(par, demande.departement_id):
        raise PermissionDenied(RESERVE_A_L_ETAT)
    question = question.strip()
    if not question:
        raise ValidationError({"question": "Écrivez la question posée à l'expert."})
    _verifier_la_date(date_limite)
    with transaction.atomic():
        demande = Demande.objects.select_for_update().get(pk=demande.pk)
        if not workflow.a_ete_deposee(demande) or demande.statut in workflow.STATUTS_CLOS:
            raise ValidationError(
                "On ne demande d'avis que sur une demande déposée et pas encore close."
            )
        avis = Avis.objects.create(
            demande=demande,
            demande_par=par,
            expert_nom=expert_nom.strip(),
            expert_organisme=expert_organisme.strip(),
            expert_email=expert_email.strip().lower(),
            question=question,
            date_limite=date_limite,
            confidentiel=confidentiel,
            lien_expire_le=fin_de_validite(date_limite),
        )
        _evenement(
            avis,
            par,
            f"Avis demandé à {avis.expert}" + (" (confidentiel)" if confidentiel else ""),
            detail=f"Réponse attendue avant le {jour(date_limite)}",
        )
        ecrire_a_l_expert(
            avis,
            evenement="avis_demande",
            cle=f"avis_demande:{avis.pk}:1",
            sujet=f"Demande d'avis — {demande.titre}",
            corps=_corps_de_la_demande(avis, par=par),
        )
    return avis


def _verrouiller_pour_l_etat(avis, par):
    avis = (
        Avis.objects.select_for_update(of=("self",))
        .select_related("demande__collectivite")
        .get(pk=avis.pk)
    )
    if not est_agent_de_l_etat(par, avis.demande.departement_id):
        raise PermissionDenied(RESERVE_A_L_ETAT)
    if avis.revoque:
        raise ValidationError(REVOQUE)
    if avis.repondu:
        raise ValidationError(DEJA_REPONDU)
    return avis


def redemander_avis(*, avis, par, date_limite=None):
    """Send the expert their link again, with a new deadline if given (the link lasts with it)."""
    with transaction.atomic():
        avis = _verrouiller_pour_l_etat(avis, par)
        if date_limite is not None and date_limite != avis.date_limite:
            _verifier_la_date(date_limite)
            avis.date_limite = date_limite
        avis.lien_expire_le = max(avis.lien_expire_le, fin_de_validite(avis.date_limite))
        avis.nombre_envois += 1
        avis.date_envoi = timezone.now()
        avis.save(update_fields=["date_limite", "lien_expire_le", "nombre_envois", "date_envoi"])
        _evenement(
            avis,
            par,
            f"Avis redemandé à {avis.expert}",
            detail=f"Réponse attendue avant le {jour(avis.date_limite)}",
        )
        ecrire_a_l_expert(
            avis,
            evenement="avis_relance",
            cle=f"avis_relance:{avis.pk}:{avis.nombre_envois}",
            sujet=f"Rappel : demande d'avis — {avis.demande.titre}",
            corps=_corps_de_la_demande(avis, par=par),
        )
    return avis


def revoquer_avis(*, avis, par):
    """Withdraw the request: the link then says so, and the expert is told."""
    with transaction.atomic():
        avis = _verrouiller_pour_l_etat(avis, par)
        avis.date_revocation = timezone.now()
        avis.revoque_par = par
        avis.save(update_fields=["date_revocation", "revoque_par"])
        _evenement(avis, par, f"Demande d'avis à {avis.expert} révoquée")
        ecrire_a_l_expert(
            avis,
            evenement="avis_revoque",
            cle=f"avis_revoque:{avis.pk}",
            sujet=f"Demande d'avis retirée — {avis.demande.titre}",
            corps=(
                f"La demande d'avis sur le projet « {avis.demande.titre} » "
                f"({avis.demande.collectivite.nom}) a été retirée : aucune réponse n'est plus "
                "attendue de vous. Merci de votre disponibilité."
            ),
        )
    return avis


def repondre_avis(*, avis, texte, fichiers=()):
    """The expert's answer, from their signed page: the text and documents (checked by content,
    ``demandes.fichiers``). The referent and the agent who asked are told."""
    texte = (texte or "").strip()
    if not texte:
        raise ValidationError({"reponse": "Écrivez votre avis."})
    if len(fichiers) > NOMBRE_MAX:
        raise ValidationError({"documents": f"Joignez au plus {NOMBRE_MAX} documents."})
    verifies = [(fichier, verifier_fichier(fichier)) for fichier in fichiers]
    ecrits = []
    try:
        with transaction.atomic():
            avis = (
                Avis.objects.select_for_update(of=("self",))
                .select_related("demande__collectivite", "demande__referent", "demande_par")
                .get(pk=avis.pk)
            )
            etat = etat_du_lien(avis)
            if etat != "ouvert":
                raise ValidationError(
                    {"revoque": REVOQUE, "repondu": DEJA_REPONDU, "expire": EXPIRE}[etat]
                )
            avis.reponse = texte
            avis.date_reponse = timezone.now()
            avis.save(update_fields=["reponse", "date_reponse"])
            for fichier, verifie in verifies:
                document = DocumentAvis(
                    avis=avis,
                    nom=verifie.nom,
                    type_mime=verifie.type_mime,
                    extension=verifie.extension,
                    taille=verifie.taille,
                )
                document.fichier.save(verifie.nom, fichier, save=False)
                ecrits.append(document.fichier)
                document.save()
            noms = ", ".join(v.nom for _, v in verifies)
            _evenement(
                avis,
                None,
                f"Avis reçu de {avis.expert}",
                detail=(f"Documents joints : {noms}" if noms else ""),
            )
            demande = avis.demande
            notifier(
                destinataires=[*destinataires.referent(demande), avis.demande_par],
                evenement="avis_recu",
                cle=f"avis_recu:{avis.pk}",
                sujet=f"{demande.reference} — Avis reçu de {avis.expert}",
                corps=(
                    f"{avis.expert} a répondu à la demande d'avis sur « {demande.titre} »"
                    + (" (avis confidentiel)." if avis.confidentiel else ".")
                ),
                lien=f"{demande.get_absolute_url()}#avis",
                demande=demande,
            )
    except BaseException:
        for fichier in ecrits:
            fichier.storage.delete(fichier.name)
        raise
    return avis
