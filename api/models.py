"""API tokens of an organisation, webhook subscriptions and their deliveries.

A token is stored as its SHA-256 digest only: the token itself is shown once, at creation. It
acts through the organisation's technical account (``compte``), a ``User`` attached to the
organisation like its members, inactive (no login, no email): the API reads the same
permission-scoped querysets and calls the same services as the browser with it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from guichet.comptes.models import AvecOrganisation
from guichet.comptes.organisations import Organisation


class DeLOrganisation(AvecOrganisation):
    class Meta:
        abstract = True

    @property
    def organisation_complete(self):
        """The ``Organisation`` (its members' page, its name with an article)."""
        return Organisation(None, self.operateur, self.service, self.departement)


class Portee(models.TextChoices):
    LECTURE = "lecture", "Lecture"
    ECRITURE = "ecriture", "Lecture et écriture"


class JetonApi(DeLOrganisation):
    nom = models.CharField(
        "nom", max_length=100, help_text="Par exemple : « Synchronisation CRM »."
    )
    prefixe = models.CharField("début du jeton", max_length=16)
    empreinte = models.CharField("empreinte SHA-256", max_length=64, unique=True)
    portee = models.CharField("portée", max_length=20, choices=Portee.choices)
    compte = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte technique",
        on_delete=models.PROTECT,
        related_name="jetons_api",
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créé par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    date_creation = models.DateTimeField("créé le", auto_now_add=True)
    date_derniere_utilisation = models.DateTimeField("dernière utilisation", null=True, blank=True)
    date_revocation = models.DateTimeField("révoqué le", null=True, blank=True)
    revoque_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="révoqué par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"
        ordering = ["-date_creation", "-pk"]

    def __str__(self):
        return f"{self.nom} ({self.organisation})"

    @property
    def actif(self):
        return self.date_revocation is None

    @property
    def peut_ecrire(self):
        return self.portee == Portee.ECRITURE


class TypeEvenementWebhook(models.TextChoices):
    DEPOSEE = "demande.deposee", "Demande déposée"
    ORIENTEE = "demande.orientee", "Demande orientée"
    STATUT = "demande.statut_modifie", "Changement de statut"
    DECISION = "demande.decision", "Décision du comité"


class Abonnement(DeLOrganisation):
    url = models.URLField("adresse de réception", max_length=500)
    evenements = models.JSONField("événements", default=list)
    secret = models.CharField("secret de signature", max_length=100)
    compte = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte technique",
        on_delete=models.PROTECT,
        related_name="abonnements_webhooks",
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créé par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actif = models.BooleanField("actif", default=True)
    echecs_consecutifs = models.PositiveIntegerField("échecs consécutifs", default=0)
    date_creation = models.DateTimeField("créé le", auto_now_add=True)
    date_desactivation = models.DateTimeField("désactivé le", null=True, blank=True)
    motif_desactivation = models.CharField("motif", max_length=300, blank=True)

    class Meta:
        verbose_name = "abonnement webhook"
        verbose_name_plural = "abonnements webhooks"
        ordering = ["-date_creation", "-pk"]

    def __str__(self):
        return f"{self.url} ({self.organisation})"

    def libelles_evenements(self):
        return [TypeEvenementWebhook(e).label for e in self.evenements]


class EvenementAPublier(models.Model):
    """An event of the timeline that may concern subscribers, written in the same transaction
    as the event: the fan-out to subscriptions happens after the commit, and beat takes again
    any left untreated (worker down)."""

    evenement = models.OneToOneField(
        "demandes.Evenement", on_delete=models.CASCADE, related_name="+"
    )
    types = models.JSONField("types", default=list)
    traite = models.BooleanField("traité", default=False)
    date_creation = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "événement à publier"
        verbose_name_plural = "événements à publier"
        indexes = [
            models.Index(
                fields=["date_creation"], condition=Q(traite=False), name="evenement_a_publier_idx"
            )
        ]

    def __str__(self):
        return f"{', '.join(self.types)} : événement {self.evenement_id}"


class StatutEnvoiWebhook(models.TextChoices):
    A_ENVOYER = "a_envoyer", "À envoyer"
    ENVOYE = "envoye", "Envoyé"
    ECHEC = "echec", "Échec"
    ABANDONNE = "abandonne", "Abandonné (abonnement désactivé)"


class EnvoiWebhook(models.Model):
    """One event for one subscription: its message id, body, and every attempt's outcome."""

    abonnement = models.ForeignKey(Abonnement, on_delete=models.CASCADE, related_name="envois")
    evenement = models.ForeignKey("demandes.Evenement", on_delete=models.CASCADE, related_name="+")
    type = models.CharField("type", max_length=40, choices=TypeEvenementWebhook.choices)
    identifiant = models.CharField("identifiant du message", max_length=60, unique=True)
    charge = models.TextField("corps envoyé")
    statut = models.CharField(
        "statut",
        max_length=20,
        choices=StatutEnvoiWebhook.choices,
        default=StatutEnvoiWebhook.A_ENVOYER,
    )
    tentatives = models.PositiveSmallIntegerField("tentatives", default=0)
    dernier_code = models.PositiveSmallIntegerField("dernier code HTTP", null=True, blank=True)
    derniere_erreur = models.CharField("dernière erreur", max_length=500, blank=True)
    prochaine_tentative = models.DateTimeField("prochaine tentative", null=True, blank=True)
    date_creation = models.DateTimeField("créé le", auto_now_add=True)
    date_envoi = models.DateTimeField("reçu le", null=True, blank=True)

    class Meta:
        verbose_name = "envoi webhook"
        verbose_name_plural = "envois webhooks"
        ordering = ["-date_creation", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["abonnement", "evenement", "type"], name="envoi_webhook_unique"
            )
        ]
        indexes = [
            models.Index(fields=["statut", "prochaine_tentative"], name="envoi_webhook_relance_idx")
        ]

    def __str__(self):
        return f"{self.type} → {self.abonnement.url}"
