"""The expert's link: ``/avis/<jeton>/``, signed, never stored.

The token is the avis's public identifier (random UUID) and an HMAC (SHA-256, keyed by
``SECRET_KEY``) of that identifier and of the avis's ``sel``, a random value kept in the
database. Neither the database alone nor the key alone makes a link. The link's validity
(``lien_expire_le``), the revocation and the answer are read from the database at each use, so
that an old link says plainly what became of the avis (expired, revoked, already answered).
The outbox stores no link for these emails: it is made when the email is built
(``lien_de_la_notification``), like Django's password-reset links.
"""

import base64

from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

SEL_DE_LA_CLE = "guichet.avis.jeton"


def _signature(avis):
    valeur = f"{avis.identifiant.hex}:{avis.sel}"
    empreinte = salted_hmac(SEL_DE_LA_CLE, valeur, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(empreinte).rstrip(b"=").decode()


def jeton(avis):
    return f"{avis.identifiant.hex}{_signature(avis)}"


def lien(avis):
    return reverse("avis:repondre", args=[jeton(avis)])


def retrouver(valeur):
    """The avis whose link ``valeur`` is, or None (malformed, unknown, or an old link)."""
    from .models import Avis

    if not isinstance(valeur, str) or len(valeur) != 32 + 43:
        return None
    identifiant, signature = valeur[:32], valeur[32:]
    try:
        avis = Avis.objects.select_related("demande__collectivite").get(identifiant=identifiant)
    except (Avis.DoesNotExist, ValueError):
        return None
    if not constant_time_compare(signature, _signature(avis)):
        return None
    return avis


def lien_de_la_notification(notification):
    """The link of an email to the expert, made as it is sent (``avis_demande``, ``avis_relance``):
    none once the avis is revoked."""
    avis = notification.objet
    if avis is None or avis.revoque:
        return ""
    return lien(avis)
