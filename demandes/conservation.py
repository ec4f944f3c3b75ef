"""Retention of closed demandes (RGPD): warn the collectivité, then purge the personal data.

A demande closed (clôturée or classée sans suite) for ``CONSERVATION_MOIS`` months is announced
to its collectivité; ``PREAVIS_JOURS`` days later its personal data and documents are purged.
The record itself stays (reference, title, statuses, timeline), so the comité's minutes and the
figures stay true; who did what stays too, as people's names are part of the public action.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import chiffres, destinataires
from .models import Demande, Evenement, Statut, TypeEvenement
from .notifications import notifier

TEXTE_PURGE = "[purgé]"


def _fermees_avant(limite):
    return Demande.objects.filter(date_purge__isnull=True).filter(
        Q(statut=Statut.CLOTUREE, date_cloture__lt=limite)
        | Q(statut=Statut.CLASSEE_SANS_SUITE, date_classement__lt=limite)
    )


def avertir(maintenant=None):
    """Warn the collectivités whose closed demandes reach the end of their retention."""
    maintenant = maintenant or timezone.now()
    limite = maintenant - datetime.timedelta(days=30 * settings.CONSERVATION_MOIS)
    date_purge = maintenant + datetime.timedelta(days=settings.PREAVIS_JOURS)
    nombre = 0
    for demande in _fermees_avant(limite).filter(date_avertissement_purge__isnull=True):
        with transaction.atomic():
            Demande.objects.filter(pk=demande.pk).update(date_avertissement_purge=maintenant)
            notifier(
                destinataires=destinataires.collectivite(demande),
                evenement="purge_annoncee",
                cle=f"purge_annoncee:{demande.pk}",
                sujet=f"{demande.reference} — Vos données seront effacées le {date_purge:%d/%m/%Y}",
                corps=(
                    f"La demande « {demande.titre} » est close depuis plus de "
                    f"{settings.CONSERVATION_MOIS} mois. Le {date_purge:%d/%m/%Y}, sa description, "
                    "ses coordonnées de contact, ses messages et ses documents seront effacés. "
                    "Téléchargez d'ici là ce que vous souhaitez garder."
                ),
                lien=demande.get_absolute_url(),
                demande=demande,
            )
        nombre += 1
    return nombre


def purger_les_avis(demande, texte):
    """The experts' names, addresses, answers and documents go with the rest; returns the
    files to delete once committed."""
    from avis.models import Avis, DocumentAvis

    documents = DocumentAvis.objects.filter(avis__demande=demande)
    fichiers = [document.fichier for document in documents]
    documents.delete()
    Avis.objects.filter(demande=demande).update(
        expert_nom="—", expert_email="anonyme@invalid", reponse=texte, question=texte
    )
    return fichiers


def purger(maintenant=None):
    """Purge the demandes whose warning is older than the notice period."""
    maintenant = maintenant or timezone.now()
    limite = maintenant - datetime.timedelta(days=settings.PREAVIS_JOURS)
    nombre = 0
    for demande in Demande.objects.filter(
        date_purge__isnull=True, date_avertissement_purge__lt=limite
    ):
        with transaction.atomic():
            fichiers = [piece.fichier for piece in demande.pieces.all()]
            demande.pieces.all().delete()
            fichiers += purger_les_avis(demande, TEXTE_PURGE)
            demande.messages.update(texte=TEXTE_PURGE)
            for complement in demande.complements.all():
                complement.points.update(reponse=TEXTE_PURGE)
            Demande.objects.filter(pk=demande.pk).update(
                description=TEXTE_PURGE,
                contact_nom="",
                contact_email="",
                contact_telephone="",
                date_purge=maintenant,
            )
            chiffres.demandes_changees(demande.departement_id)
            Evenement.objects.create(
                demande=demande,
                type=TypeEvenement.MODIFICATION,
                libelle="Données personnelles et documents effacés (durée de conservation)",
            )
            transaction.on_commit(lambda f=fichiers: [x.storage.delete(x.name) for x in f])
        nombre += 1
    return nombre
