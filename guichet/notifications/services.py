"""Writing notifications into the outbox. Call inside the transaction of the change."""

from guichet.notifications.models import Notification

PREFIXE_SUJET = "[Guichet unique] "


def notifier(*, destinataires, evenement, cle, sujet, corps, lien=""):
    """Write one outbox row per distinct active recipient; replays of the same ``cle`` add nothing.

    ``cle`` identifies the occurrence of the event (for example ``"deposee:42"``); the
    recipient's id is appended so that each person gets the event once.
    """
    vus = set()
    lignes = []
    for user in destinataires:
        if user is None or not user.is_active or user.pk in vus:
            continue
        vus.add(user.pk)
        lignes.append(
            Notification(
                destinataire=user,
                evenement=evenement,
                cle=f"{cle}:{user.pk}",
                sujet=PREFIXE_SUJET + sujet,
                corps=corps,
                lien=lien,
            )
        )
    return Notification.objects.bulk_create(lignes, ignore_conflicts=True)
