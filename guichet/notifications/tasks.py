"""Celery tasks: sending one notification, re-queuing the unsent, the digests.

Sending is idempotent: the row is locked while it is sent and marked sent in the same
transaction, so a duplicate or redelivered task finds it sent and does nothing.
"""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from guichet.notifications import courriels
from guichet.notifications.models import Frequence, Notification, StatutEnvoi

logger = logging.getLogger(__name__)

TENTATIVES_MAX = 5


def _delai_avant_nouvel_essai(tentatives):
    """Exponential backoff: 1, 4, 16, 64 minutes (scaled by NOTIFICATIONS_BACKOFF_SECONDES)."""
    return datetime.timedelta(
        seconds=settings.NOTIFICATIONS_BACKOFF_SECONDES * 4 ** (tentatives - 1)
    )


@shared_task(acks_late=True, ignore_result=True)
def envoyer_notification(pk):
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("destinataire")
            .filter(pk=pk, statut=StatutEnvoi.A_ENVOYER)
            .first()
        )
        if notification is None:
            return "déjà traitée"
        try:
            courriels.courriel_de(notification).send()
        except Exception as erreur:  # any SMTP or backend failure: recorded, retried later
            notification.tentatives += 1
            notification.derniere_erreur = f"{type(erreur).__name__}: {erreur}"[:2000]
            if notification.tentatives >= TENTATIVES_MAX:
                notification.statut = StatutEnvoi.ECHEC
                notification.prochaine_tentative = None
                logger.error(
                    "Notification %s en échec après %s tentatives", pk, notification.tentatives
                )
            else:
                notification.prochaine_tentative = timezone.now() + _delai_avant_nouvel_essai(
                    notification.tentatives
                )
            notification.save(
                update_fields=["tentatives", "derniere_erreur", "statut", "prochaine_tentative"]
            )
            return "échec"
        notification.tentatives += 1
        notification.statut = StatutEnvoi.ENVOYEE
        notification.date_envoi = timezone.now()
        notification.prochaine_tentative = None
        notification.save(
            update_fields=["tentatives", "statut", "date_envoi", "prochaine_tentative"]
        )
    return "envoyée"


@shared_task(ignore_result=True)
def relancer_notifications():
    """Re-queue every row still unsent past its time: broker was down, worker died, SMTP failed."""
    maintenant = timezone.now()
    en_retard = list(
        Notification.objects.filter(
            statut=StatutEnvoi.A_ENVOYER, prochaine_tentative__lte=maintenant
        ).values_list("pk", flat=True)[:500]
    )
    # Pushed back first, so that the next beat does not queue them again while they wait.
    Notification.objects.filter(pk__in=en_retard).update(
        prochaine_tentative=maintenant + datetime.timedelta(minutes=5)
    )
    for pk in en_retard:
        envoyer_notification.apply_async((pk,), retry=False)
    return len(en_retard)


@shared_task(ignore_result=True)
def envoyer_recapitulatifs(frequence):
    """One email per person who chose a digest, listing what waited for it."""
    titre = {
        Frequence.QUOTIDIENNE: "Votre récapitulatif du jour",
        Frequence.HEBDOMADAIRE: "Votre récapitulatif de la semaine",
    }[frequence]
    en_attente = (
        Notification.objects.filter(
            statut=StatutEnvoi.A_RESUMER,
            destinataire__preference_notifications__frequence=frequence,
            destinataire__is_active=True,
        )
        .select_related("destinataire")
        .order_by("destinataire_id", "date_creation")
    )
    par_personne = {}
    for notification in en_attente:
        par_personne.setdefault(notification.destinataire, []).append(notification)
    for user, notifications in par_personne.items():
        with transaction.atomic():
            verrouillees = list(
                Notification.objects.select_for_update().filter(
                    pk__in=[n.pk for n in notifications], statut=StatutEnvoi.A_RESUMER
                )
            )
            if not verrouillees:
                continue
            courriels.recapitulatif_de(user, verrouillees, titre=titre).send()
            Notification.objects.filter(pk__in=[n.pk for n in verrouillees]).update(
                statut=StatutEnvoi.ENVOYEE, date_envoi=timezone.now()
            )
    return len(par_personne)
