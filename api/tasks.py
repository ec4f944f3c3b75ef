"""Celery tasks of the webhooks: fan-out of an event, one delivery, and beat's re-queuing.

Each delivery is sent with its row locked and marked in the same transaction, like the
notifications: a duplicate or redelivered task finds it sent and does nothing; a worker killed
mid-send leaves it to send (beat, or the broker's redelivery), under the same ``webhook-id``.
"""

import datetime
import logging

import requests
from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from guichet.notifications.services import notifier

from . import webhooks
from .forms import adresse_publique
from .models import Abonnement, EnvoiWebhook, EvenementAPublier, StatutEnvoiWebhook

logger = logging.getLogger(__name__)
S = StatutEnvoiWebhook
# A delivery still unsent this long after it was queued is put back in the queue by beat.
DELAI_AVANT_RELANCE = datetime.timedelta(minutes=2)


def _delai_avant_nouvel_essai(tentatives):
    """Growing delays: 1, 4, 16, 64, 256 minutes… (scaled by WEBHOOKS_BACKOFF_SECONDES)."""
    return datetime.timedelta(seconds=settings.WEBHOOKS_BACKOFF_SECONDES * 4 ** (tentatives - 1))


@shared_task(acks_late=True, ignore_result=True)
def diffuser_evenement(pk):
    with transaction.atomic():
        a_publier = (
            EvenementAPublier.objects.select_for_update()
            .select_related("evenement__demande")
            .filter(pk=pk, traite=False)
            .first()
        )
        if a_publier is None:
            return 0
        nouveaux = webhooks.diffuser(a_publier)
        EnvoiWebhook.objects.filter(pk__in=nouveaux).update(
            prochaine_tentative=timezone.now() + DELAI_AVANT_RELANCE
        )
        a_publier.traite = True
        a_publier.save(update_fields=["traite"])
        transaction.on_commit(lambda: [_mettre_en_file(envoi) for envoi in nouveaux])
    return len(nouveaux)


def _mettre_en_file(pk):
    try:
        envoyer_webhook.apply_async((pk,), retry=False)
    except Exception:  # the broker's own errors; beat re-queues the row
        logger.warning("Envoi webhook %s non mis en file", pk, exc_info=True)


def _poster(envoi):
    horodatage = str(int(timezone.now().timestamp()))
    entetes = {
        "content-type": "application/json",
        "user-agent": "GuichetUnique-Webhooks/1",
        "webhook-id": envoi.identifiant,
        "webhook-timestamp": horodatage,
        "webhook-signature": webhooks.signature(
            envoi.abonnement.secret, envoi.identifiant, horodatage, envoi.charge
        ),
    }
    return requests.post(
        envoi.abonnement.url,
        data=envoi.charge.encode(),
        headers=entetes,
        timeout=settings.WEBHOOKS_DELAI_RESEAU,
        allow_redirects=False,
    )


@shared_task(acks_late=True, ignore_result=True)
def envoyer_webhook(pk):
    with transaction.atomic():
        envoi = (
            EnvoiWebhook.objects.select_for_update(of=("self",))
            .select_related("abonnement")
            .filter(pk=pk, statut=S.A_ENVOYER)
            .first()
        )
        if envoi is None:
            return "déjà traité"
        abonnement = envoi.abonnement
        if not abonnement.actif:
            envoi.statut = S.ABANDONNE
            envoi.prochaine_tentative = None
            envoi.save(update_fields=["statut", "prochaine_tentative"])
            return "abandonné"
        envoi.tentatives += 1
        try:
            if not settings.WEBHOOKS_ADRESSES_LOCALES and not adresse_publique(abonnement.url):
                # Checked again at each sending: the name may point elsewhere since.
                raise requests.ConnectionError("l'adresse ne mène plus à Internet")
            reponse = _poster(envoi)
            envoi.dernier_code = reponse.status_code
            reussi = 200 <= reponse.status_code < 300
            envoi.derniere_erreur = "" if reussi else f"Réponse HTTP {reponse.status_code}"
        except requests.RequestException as erreur:
            reussi = False
            envoi.dernier_code = None
            envoi.derniere_erreur = f"{type(erreur).__name__}: {erreur}"[:500]
        if reussi:
            envoi.statut = S.ENVOYE
            envoi.date_envoi = timezone.now()
            envoi.prochaine_tentative = None
            Abonnement.objects.filter(pk=abonnement.pk).update(echecs_consecutifs=0)
        else:
            if envoi.tentatives >= settings.WEBHOOKS_TENTATIVES_MAX:
                envoi.statut = S.ECHEC
                envoi.prochaine_tentative = None
            else:
                envoi.prochaine_tentative = timezone.now() + _delai_avant_nouvel_essai(
                    envoi.tentatives
                )
            _compter_un_echec(abonnement)
        envoi.save()
    return "envoyé" if reussi else "échec"


def _compter_un_echec(abonnement):
    """One more failed attempt in a row; past the limit the subscription is disabled and whoever
    created it is told (by the outbox)."""
    Abonnement.objects.filter(pk=abonnement.pk).update(
        echecs_consecutifs=F("echecs_consecutifs") + 1
    )
    abonnement.refresh_from_db(fields=["echecs_consecutifs", "actif"])
    if not abonnement.actif or (
        abonnement.echecs_consecutifs < settings.WEBHOOKS_ECHECS_AVANT_DESACTIVATION
    ):
        return
    abonnement.actif = False
    abonnement.date_desactivation = timezone.now()
    abonnement.motif_desactivation = (
        f"{abonnement.echecs_consecutifs} échecs consécutifs : l'adresse ne répond pas."
    )
    abonnement.save(update_fields=["actif", "date_desactivation", "motif_desactivation"])
    notifier(
        destinataires=[abonnement.cree_par],
        evenement="webhook_desactive",
        cle=f"webhook_desactive:{abonnement.pk}:{abonnement.date_desactivation.timestamp()}",
        sujet="Abonnement webhook désactivé",
        corps=(
            f"Les envois vers {abonnement.url} échouent sans cesse "
            f"({abonnement.echecs_consecutifs} échecs consécutifs) : l'abonnement est désactivé. "
            "Réparez l'adresse puis réactivez-le depuis la page des webhooks."
        ),
        lien="/api/webhooks/",
        immediat=True,
    )


@shared_task(ignore_result=True)
def relancer_webhooks():
    """Take again what a stopped worker or an unreachable broker left: events not yet fanned
    out, deliveries due for another attempt."""
    maintenant = timezone.now()
    for pk in EvenementAPublier.objects.filter(
        traite=False, date_creation__lte=maintenant - datetime.timedelta(seconds=30)
    ).values_list("pk", flat=True)[:500]:
        diffuser_evenement.apply_async((pk,), retry=False)
    dus = list(
        EnvoiWebhook.objects.filter(
            statut=S.A_ENVOYER, prochaine_tentative__lte=maintenant
        ).values_list("pk", flat=True)[:500]
    )
    EnvoiWebhook.objects.filter(pk__in=dus).update(
        prochaine_tentative=maintenant + datetime.timedelta(minutes=5)
    )
    for pk in dus:
        envoyer_webhook.apply_async((pk,), retry=False)
    return len(dus)
