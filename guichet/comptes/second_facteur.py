"""The second factor of the staff accounts: a TOTP authenticator app (django-otp).

A staff member (``is_staff`` or superuser) enrols one app: the portal draws the secret as a
QR code and writes it as text, and the app is confirmed by a first code. From then on the
admin asks a code once per session (``guichet.administration.AdminDuGuichet``).
"""

from base64 import b32encode

import segno
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.safestring import mark_safe
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

NOM_DE_L_APPAREIL = "Application d'authentification"
CODE_REFUSE = (
    "Code incorrect ou expiré : saisissez les six chiffres que votre application affiche "
    "maintenant."
)
TROP_D_ESSAIS = "Trop de codes erronés : attendez quelques secondes, puis saisissez le code."


def doit_avoir_un_second_facteur(user):
    """The accounts that reach the admin: staff and superusers."""
    return user.is_authenticated and (user.is_staff or user.is_superuser)


def appareil_confirme(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def appareil_a_enroler(user):
    """The app being enrolled: its secret is kept until a first code confirms it, so that
    coming back to the page shows the same QR code as the app already scanned."""
    appareil = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return appareil or TOTPDevice.objects.create(user=user, name=NOM_DE_L_APPAREIL, confirmed=False)


def cle_en_texte(appareil):
    """The secret as an app takes it by hand: base 32, in groups of four."""
    cle = b32encode(appareil.bin_key).decode()
    return " ".join(cle[i : i + 4] for i in range(0, len(cle), 4))


def qr_code_svg(appareil):
    """The enrolment QR code (the app's otpauth:// address), drawn on the server as SVG."""
    svg = segno.make(appareil.config_url, error="m").svg_inline(
        scale=5, border=2, title="QR code à scanner avec votre application d'authentification"
    )
    # segno's markup: a title of ours and path data; the address (with the email) is only in
    # the drawn modules, never as text.
    return mark_safe(svg)  # noqa: S308


def verifier_le_code(*, request, appareil, code):
    """Check ``code`` against ``appareil`` (django-otp: throttled after errors, a code used once
    is not accepted again). A right code confirms an app being enrolled and marks the session
    as verified; a wrong one is refused with a ``ValidationError`` on ``code``."""
    autorise, _ = appareil.verify_is_allowed()
    if not autorise:
        raise ValidationError({"code": TROP_D_ESSAIS})
    # Its own transaction: a wrong code's throttling must stay written when we refuse.
    verifie = verify_token(request.user, appareil.persistent_id, code)
    if verifie is None:
        raise ValidationError({"code": CODE_REFUSE})
    with transaction.atomic():
        if not verifie.confirmed:
            verifie.confirmed = True
            verifie.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
    otp_login(request, verifie)
    return verifie
