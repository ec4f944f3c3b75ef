"""The demandes' side of the notifications: a demande's outbox rows, and muting a demande.

The notifications app knows nothing of demandes: the rows of a demande's events are written
here, which knows who muted the demande (``Sourdine``) and has their rows written without
email; the person still sees them in the notification centre.
"""

from django.template.loader import render_to_string

from guichet.notifications import services

from .models import Sourdine


def notifier(*, demande=None, **ecriture):
    """``guichet.notifications.services.notifier`` for an event of ``demande``: the rows point
    to it, and those who muted it get no email."""
    if demande is None:
        return services.notifier(**ecriture)
    muets = set(Sourdine.objects.filter(demande=demande).values_list("user_id", flat=True))
    return services.notifier(objet=demande, sans_courriel=muets, **ecriture)


def mettre_en_sourdine(*, user, demande, en_sourdine):
    """Mute the demande's emails for ``user``, or unmute them. Asking twice changes nothing more:
    two quick clicks, even at the same instant, leave one mute."""
    if en_sourdine:
        Sourdine.objects.get_or_create(user=user, demande=demande)
    else:
        Sourdine.objects.filter(user=user, demande=demande).delete()


def sourdines_des_preferences(request):
    """The « Demandes en sourdine » part of the notification preferences page (see
    ``NOTIFICATIONS_SECTIONS_DES_PREFERENCES``), with a button to unmute each."""
    sourdines = (
        Sourdine.objects.filter(user=request.user).select_related("demande").order_by("-date")
    )
    return render_to_string("demandes/_sourdines.html", {"sourdines": sourdines}, request=request)
