"""Writing notifications into the outbox, inside the transaction of the change that causes them.

Rows meant for an email now are queued to Celery once the transaction commits; if the broker
cannot take them then, nothing fails: beat re-queues them (``tasks.relancer_notifications``).
"""

import datetime
import hashlib
import logging

from django.db import transaction
from django.utils import timezone

from guichet.notifications.models import Frequence, Notification, Preference, StatutEnvoi

PREFIXE_SUJET = "[Guichet unique] "
# A row still unsent this long after it was queued is put back in the queue by beat.
DELAI_AVANT_RELANCE = datetime.timedelta(minutes=2)

logger = logging.getLogger(__name__)


def _statut_initial(user, frequences, sans_courriel):
    if user.pk in sans_courriel:
        return StatutEnvoi.SANS_COURRIEL
    if frequences.get(user.pk, Frequence.IMMEDIATE) != Frequence.IMMEDIATE:
        return StatutEnvoi.A_RESUMER
    return StatutEnvoi.A_ENVOYER


def notifier(
    *,
    destinataires,
    evenement,
    cle,
    sujet,
    corps,
    lien="",
    objet=None,
    sans_courriel=(),
    piece_jointe=None,
    immediat=False,
    adresses=(),
):
    """Write one outbox row per distinct active recipient; a replay of ``cle`` adds nothing.

    ``cle`` names the occurrence of the event (``"deposee:42"``); the recipient's id is
    appended so that each person gets it once. ``objet`` is what the event is about (a demande:
    its model's GenericRelation deletes the rows with it). ``sans_courriel`` holds the ids of
    the recipients whose row shows in the notification centre only, never emailed (they muted
    what it is about). ``piece_jointe`` is ``(nom, type, texte)``, for instance a comité's
    ``.ics`` invitation. ``immediat`` sends the email at once, whatever the recipient chose (a
    password reset cannot wait for tomorrow's digest).

    ``adresses`` are email addresses of people without an account (an expert asked for an
    opinion): one row each, emailed at once, shown in no notification centre. Their link, when
    it must not be stored (a signed link), is made when the email is built
    (``NOTIFICATIONS_LIENS_FAITS_A_L_ENVOI``).
    """
    users = {}
    for user in destinataires:
        if user is not None and user.is_active:
            users.setdefault(user.pk, user)
    adresses = {adresse.strip().lower() for adresse in adresses if adresse and adresse.strip()}
    if not users and not adresses:
        return []
    frequences = dict(Preference.objects.filter(user__in=users).values_list("user_id", "frequence"))
    nom, type_, contenu = piece_jointe or ("", "", "")
    maintenant = timezone.now()
    lignes = [
        Notification(
            destinataire=user,
            objet=objet,
            evenement=evenement,
            cle=f"{cle}:{user.pk}",
            sujet=PREFIXE_SUJET + sujet,
            corps=corps,
            lien=lien,
            piece_jointe_nom=nom,
            piece_jointe_type=type_,
            piece_jointe_contenu=contenu,
            statut=StatutEnvoi.A_ENVOYER
            if immediat
            else _statut_initial(user, frequences, sans_courriel),
            prochaine_tentative=maintenant + DELAI_AVANT_RELANCE,
        )
        for user in users.values()
    ]
    lignes += [
        Notification(
            adresse=adresse,
            objet=objet,
            evenement=evenement,
            # The address itself stays out of the key (the email header shows the key).
            cle=f"{cle}:@{hashlib.sha256(adresse.encode()).hexdigest()[:16]}",
            sujet=PREFIXE_SUJET + sujet,
            corps=corps,
            lien=lien,
            statut=StatutEnvoi.A_ENVOYER,
            prochaine_tentative=maintenant + DELAI_AVANT_RELANCE,
        )
        for adresse in sorted(adresses)
    ]
    Notification.objects.bulk_create(lignes, ignore_conflicts=True)
    cles = [ligne.cle for ligne in lignes if ligne.statut == StatutEnvoi.A_ENVOYER]
    if cles:
        transaction.on_commit(lambda: mettre_en_file(cles))
    return lignes


def mettre_en_file(cles):
    """Queue the sending of the rows named by ``cles``; never raise (beat will retry)."""
    from guichet.notifications.tasks import envoyer_notification

    for pk in Notification.objects.filter(cle__in=cles, statut=StatutEnvoi.A_ENVOYER).values_list(
        "pk", flat=True
    ):
        try:
            envoyer_notification.apply_async((pk,), retry=False)
        except Exception:  # the broker's own errors; the row stays and beat re-queues it
            logger.warning(
                "Notification %s non mise en file (broker indisponible)", pk, exc_info=True
            )


def marquer_lue(*, notification):
    if notification.date_lecture is None:
        notification.date_lecture = timezone.now()
        notification.save(update_fields=["date_lecture"])


def marquer_tout_lu(*, user):
    return (
        Notification.objects.filter(destinataire=user)
        .non_lues()
        .update(date_lecture=timezone.now())
    )


def choisir_frequence(*, user, frequence):
    Preference.objects.update_or_create(user=user, defaults={"frequence": frequence})
