"""Email backends for tests: one always fails, one is slow (to kill a worker mid-send)."""

import os
import smtplib
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend as FichierBackend
from django.core.mail.backends.locmem import EmailBackend as MemoireBackend


class BackendEnPanne(MemoireBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("serveur SMTP injoignable (test)")


class BackendLent(FichierBackend):
    """Writes a marker when sending starts, waits, then writes the email to EMAIL_FILE_PATH."""

    def send_messages(self, email_messages):
        marqueur = Path(os.environ["GUICHET_TEST_MARQUEUR"])
        marqueur.write_text("envoi commencé")
        time.sleep(float(os.environ.get("GUICHET_TEST_LENTEUR", "0")))
        return super().send_messages(email_messages)
