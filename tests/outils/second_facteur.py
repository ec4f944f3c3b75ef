"""The staff's second factor as a person passes it: the key read on the enrolment page, the
code computed from it as an authenticator app does (RFC 6238), typed in the form."""

import re
import time
from base64 import b32decode

from django_otp.oath import TOTP

URL = "/comptes/double-authentification/"


def cle_de_la_page(page):
    """The secret written on the enrolment page, in base 32 (groups of four)."""
    texte = re.search(r'<code id="cle-secrete">([A-Z2-7 ]+)</code>', page)[1]
    return b32decode(texte.replace(" ", ""))


def code_totp(cle, *, decalage=0):
    """The six digits an app shows now for ``cle`` (``decalage`` steps of 30 s later)."""
    totp = TOTP(cle)
    totp.time = time.time() + 30 * decalage
    return f"{totp.token():06d}"


def passer_le_second_facteur(client, cles, email):
    """Enrol an app for ``email`` (its key kept in ``cles``) or type its code. A code is used
    once: a second pass within the same 30 seconds types the next step's, which an app would
    show a moment later and the portal accepts (one step of tolerance)."""
    page = client.get(URL)
    if page.status_code == 200 and "Activer la double authentification" in page.content.decode():
        cles[email] = [cle_de_la_page(page.content.decode()), 0]
    cle, passages = cles[email]
    reponse = client.post(URL, {"code": code_totp(cle, decalage=passages)})
    cles[email][1] += 1
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    return reponse
