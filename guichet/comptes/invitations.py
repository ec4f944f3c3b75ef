"""The link of an invitation: a token signed with ``SECRET_KEY`` naming the invitation.

The signature proves the link was made here; the row says whether it may still be used
(pending, not expired, not revoked): a leaked link stops working once revoked or used. The link
is made when the email is built, by the worker, and never stored: the outbox, which the admin
shows, holds the message without it.
"""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from guichet.comptes.models import Invitation
from guichet.comptes.organisations import Organisation

SEL = "guichet.comptes.invitation"


def jeton(invitation):
    return signing.dumps(invitation.pk, salt=SEL)


def invitation_du_jeton(valeur):
    """The invitation ``valeur`` names, or ``Invitation.DoesNotExist`` for a forged or altered
    token."""
    try:
        pk = signing.loads(valeur, salt=SEL)
    except signing.BadSignature as erreur:
        raise Invitation.DoesNotExist from erreur
    return Invitation.objects.select_related(
        "collectivite", "operateur", "invite", "invite_par"
    ).get(pk=pk)


def lien(invitation):
    return f"{settings.SITE_URL}{reverse('comptes:invitation', args=[jeton(invitation)])}"


def departement_de_l_invitation(invitation):
    """The département an invitation's email names: that of the State service or of the
    collectivité it opens; ``None`` for an operator (national: a neutral wording then)."""
    if invitation.service:
        return invitation.departement
    if invitation.collectivite_id:
        return invitation.collectivite.departement
    return None


def courriel_d_invitation(notification):
    invitation = notification.objet
    contexte = {
        "invitation": invitation,
        "departement": departement_de_l_invitation(invitation),
        "organisation": Organisation.de(invitation),
        "lien": lien(invitation),
        "site_url": settings.SITE_URL,
    }
    message = EmailMultiAlternatives(
        subject=notification.sujet,
        body=render_to_string("comptes/emails/invitation.txt", contexte),
        to=[invitation.email],
        headers={"X-Guichet-Notification": notification.cle},
    )
    message.attach_alternative(
        render_to_string("comptes/emails/invitation.html", contexte), "text/html"
    )
    return message
