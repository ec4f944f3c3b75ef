"""The notification outbox: one row per recipient and event, written with the change itself.

Delivery reads these rows (``tasks.py``): an email now, or in the daily or weekly digest, as
each person chose; the in-app notification centre lists them all. ``cle`` makes writing and
sending idempotent; ``prochaine_tentative`` is when celery beat re-queues a row still unsent
(broker down, worker killed, SMTP failure with backoff).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q


class StatutEnvoi(models.TextChoices):
    A_ENVOYER = "a_envoyer", "À envoyer"
    A_RESUMER = "a_resumer", "En attente du récapitulatif"
    ENVOYEE = "envoyee", "Envoyée"
    SANS_COURRIEL = "sans_courriel", "Sans courriel (demande en sourdine)"
    ECHEC = "echec", "Échec"


class NotificationQuerySet(models.QuerySet):
    def non_lues(self):
        return self.filter(date_lecture__isnull=True)


def nombre_non_lues(user):
    """How many notifications ``user`` has not read (the header shows it on every page)."""
    return Notification.objects.filter(destinataire=user).non_lues().count()


class Notification(models.Model):
    destinataire = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="destinataire",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # A person without an account (an expert asked for an opinion): the email goes to this
    # address; the row shows in no notification centre and is never put in a digest.
    adresse = models.EmailField("adresse sans compte", blank=True)
    # What the notification is about (a demande, a séance…), if anything: the app that owns it
    # declares a GenericRelation, so that deleting it deletes its notifications.
    objet_type = models.ForeignKey(
        ContentType,
        verbose_name="type de l'objet",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    objet_id = models.PositiveBigIntegerField("identifiant de l'objet", null=True, blank=True)
    objet = GenericForeignKey("objet_type", "objet_id")
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
    piece_jointe_nom = models.CharField("pièce jointe", max_length=100, blank=True)
    piece_jointe_type = models.CharField("type de la pièce jointe", max_length=100, blank=True)
    piece_jointe_contenu = models.TextField("contenu de la pièce jointe", blank=True)
    statut = models.CharField(
        "statut d'envoi",
        max_length=20,
        choices=StatutEnvoi.choices,
        default=StatutEnvoi.A_ENVOYER,
    )
    tentatives = models.PositiveSmallIntegerField("tentatives", default=0)
    derniere_erreur = models.TextField("dernière erreur", blank=True)
    prochaine_tentative = models.DateTimeField(
        "à remettre en file après", null=True, blank=True, db_index=True
    )
    date_creation = models.DateTimeField("créée le", auto_now_add=True)
    date_envoi = models.DateTimeField("envoyée le", null=True, blank=True)
    date_lecture = models.DateTimeField("lue le", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "notification"
        verbose_name_plural = "notifications"
        ordering = ["-date_creation", "-pk"]
        indexes = [
            models.Index(
                fields=["destinataire", "-date_creation"],
                condition=Q(date_lecture__isnull=True),
                name="notification_non_lue_idx",
            ),
            models.Index(fields=["destinataire", "-date_creation"], name="notification_centre_idx"),
            models.Index(
                fields=["statut", "prochaine_tentative"], name="notification_a_relancer_idx"
            ),
            models.Index(fields=["objet_type", "objet_id"], name="notification_objet_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(destinataire__isnull=False) | ~Q(adresse=""),
                name="notification_a_un_destinataire_ou_une_adresse",
            )
        ]

    def __str__(self):
        return f"{self.sujet} → {self.destinataire or self.adresse}"

    @property
    def adresse_d_envoi(self):
        return self.destinataire.email if self.destinataire_id else self.adresse


class Frequence(models.TextChoices):
    IMMEDIATE = "immediate", "Un courriel à chaque événement"
    QUOTIDIENNE = "quotidienne", "Un récapitulatif par jour"
    HEBDOMADAIRE = "hebdomadaire", "Un récapitulatif par semaine (le lundi)"


class Preference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference_notifications"
    )
    frequence = models.CharField(
        "courriels", max_length=20, choices=Frequence.choices, default=Frequence.IMMEDIATE
    )

    class Meta:
        verbose_name = "préférence de notification"
        verbose_name_plural = "préférences de notification"

    def __str__(self):
        return f"{self.user} : {self.get_frequence_display()}"
