"""The notification outbox: one row per recipient and event, written with the change itself.

Delivery (email through Celery, retries, digests) reads these rows; the in-app notification
centre shows them. ``cle`` makes writing and sending idempotent.
"""

from django.conf import settings
from django.db import models


class StatutEnvoi(models.TextChoices):
    A_ENVOYER = "a_envoyer", "À envoyer"
    ENVOYEE = "envoyee", "Envoyée"
    ECHEC = "echec", "Échec"


class Notification(models.Model):
    destinataire = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="destinataire",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    evenement = models.CharField("événement", max_length=50)
    sujet = models.CharField("sujet", max_length=250)
    corps = models.TextField("message")
    lien = models.CharField("lien", max_length=300, blank=True)
    cle = models.CharField(
        "clé de dédoublonnage",
        max_length=200,
        unique=True,
        help_text="Une ligne par destinataire et par événement, même si l'écriture est rejouée.",
    )
    statut = models.CharField(
        "statut d'envoi", max_length=20, choices=StatutEnvoi.choices, default=StatutEnvoi.A_ENVOYER
    )
    tentatives = models.PositiveSmallIntegerField("tentatives", default=0)
    derniere_erreur = models.TextField("dernière erreur", blank=True)
    date_creation = models.DateTimeField("créée le", auto_now_add=True)
    date_envoi = models.DateTimeField("envoyée le", null=True, blank=True)
    date_lecture = models.DateTimeField("lue le", null=True, blank=True)

    class Meta:
        verbose_name = "notification"
        verbose_name_plural = "notifications"
        ordering = ["-date_creation"]
        indexes = [
            models.Index(fields=["destinataire", "date_lecture"]),
            models.Index(fields=["statut", "date_creation"]),
        ]

    def __str__(self):
        return f"{self.sujet} → {self.destinataire}"
