"""Webhooks: which timeline events are published, to whom, and how each message is signed.

Signatures follow Standard Webhooks (standardwebhooks.com): the headers ``webhook-id``,
``webhook-timestamp`` and ``webhook-signature`` (``v1,`` then the base64 HMAC-SHA256 of
``{id}.{timestamp}.{body}`` keyed with the base64 secret after ``whsec_``). A receiver checks
the signature, refuses a timestamp older than a few minutes, and ignores an id it already has:
a message may come twice (a worker killed after the receiver answered), never with another id.
"""

import base64
import hashlib
import hmac
import json
import logging
import uuid

from django.db import transaction

from demandes.models import Demande, Statut, TypeEvenement

from .models import (
    Abonnement,
    EnvoiWebhook,
    EvenementAPublier,
    TypeEvenementWebhook,
)

T = TypeEvenementWebhook
logger = logging.getLogger(__name__)


def types_de(evenement):
    """The webhook event types a timeline event is, possibly none."""
    if evenement.type == TypeEvenement.COMITE:
        return [T.DECISION]
    if evenement.statut_apres and evenement.statut_apres != evenement.statut_avant:
        types = [T.STATUT]
        if evenement.statut_apres == Statut.DEPOSEE:
            types.append(T.DEPOSEE)
        if evenement.statut_apres == Statut.ORIENTEE:
            types.append(T.ORIENTEE)
        return types
    return []


def evenement_ecrit(sender, instance, created, raw=False, **kwargs):
    """Within the service's transaction: keep the event to publish, publish after the commit."""
    if not created or raw:
        return
    types = types_de(instance)
    if not types or not Abonnement.objects.filter(actif=True).exists():
        return
    a_publier = EvenementAPublier.objects.create(evenement=instance, types=types)
    transaction.on_commit(lambda: _mettre_en_file(a_publier.pk))


def _mettre_en_file(pk):
    from .tasks import diffuser_evenement

    try:
        diffuser_evenement.apply_async((pk,), retry=False)
    except Exception:  # broker down: beat takes it again (tasks.relancer_webhooks)
        logger.warning("Événement à publier %s non mis en file", pk, exc_info=True)


def charge(envoi_type, evenement, identifiant):
    demande = evenement.demande
    return json.dumps(
        {
            "type": envoi_type,
            "timestamp": evenement.date.isoformat(),
            "data": {
                "id": identifiant,
                "demande": {
                    "id": demande.pk,
                    "reference": demande.reference,
                    "statut": demande.statut,
                    "version": demande.version,
                },
                "evenement": {
                    "id": evenement.pk,
                    "libelle": evenement.libelle,
                    "statut_avant": evenement.statut_avant,
                    "statut_apres": evenement.statut_apres,
                },
            },
        },
        ensure_ascii=False,
    )


def diffuser(a_publier):
    """One delivery per active subscription concerned whose organisation sees the demande, as
    its members would see it now (``visibles_par``); internal events to those who read them.
    Returns the new deliveries' ids (a replay creates none)."""
    from demandes.selectors import voit_l_interne

    evenement = a_publier.evenement
    lignes = []
    for abonnement in Abonnement.objects.filter(actif=True).select_related("compte"):
        compte = abonnement.compte
        if evenement.interne and not voit_l_interne(compte):
            continue
        if not Demande.objects.visibles_par(compte).filter(pk=evenement.demande_id).exists():
            continue
        for type_ in a_publier.types:
            if type_ in abonnement.evenements:
                identifiant = f"msg_{uuid.uuid4().hex}"
                lignes.append(
                    EnvoiWebhook(
                        abonnement=abonnement,
                        evenement=evenement,
                        type=type_,
                        identifiant=identifiant,
                        charge=charge(type_, evenement, identifiant),
                    )
                )
    EnvoiWebhook.objects.bulk_create(lignes, ignore_conflicts=True)
    return list(
        EnvoiWebhook.objects.filter(
            identifiant__in=[ligne.identifiant for ligne in lignes]
        ).values_list("pk", flat=True)
    )


def signature(secret, identifiant, horodatage, corps):
    cle = base64.b64decode(secret.removeprefix("whsec_"))
    contenu = f"{identifiant}.{horodatage}.{corps}".encode()
    return "v1," + base64.b64encode(hmac.new(cle, contenu, hashlib.sha256).digest()).decode()
