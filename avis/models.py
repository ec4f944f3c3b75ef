"""Opinions (avis) a State agent asks of anyone about a demande: a person of an operator, a
State service (DREAL, ARS, DDFiP…), the CAUE, the Département's engineering agency.

The expert has no account: they answer on a page reached by a signed link (``jetons.py``). Who
reads an avis is decided in one place, ``regles.py``.
"""

import secrets
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q

from demandes.models import StockagePrive


def nouveau_sel():
    return secrets.token_urlsafe(24)


class AvisQuerySet(models.QuerySet):
    def actifs(self):
        """Not revoked: what « avis 1/3 » counts."""
        return self.filter(date_revocation__isnull=True)

    def en_attente(self):
        """Asked, neither answered nor revoked."""
        return self.actifs().filter(date_reponse__isnull=True)

    def recus(self):
        return self.actifs().filter(date_reponse__isnull=False)


class Avis(models.Model):
    demande = models.ForeignKey("demandes.Demande", on_delete=models.CASCADE, related_name="avis")
    demande_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandé par",
        on_delete=models.PROTECT,
        related_name="+",
    )
    expert_nom = models.CharField("nom de l'expert", max_length=150)
    expert_organisme = models.CharField("organisme", max_length=150)
    expert_email = models.EmailField("adresse électronique de l'expert")
    question = models.TextField("question posée")
    date_limite = models.DateField("date limite de réponse")
    confidentiel = models.BooleanField(
        "confidentiel",
        default=False,
        help_text="Lu par l'État seulement : jamais par la collectivité, les opérateurs ni le "
        "comité.",
    )
    # The link's public half (which avis) and its secret state: changing ``sel`` kills every
    # link sent before (a revocation, a new request). The link itself is never stored.
    identifiant = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sel = models.CharField(max_length=64, default=nouveau_sel, editable=False)
    lien_expire_le = models.DateTimeField("lien valable jusqu'au")
    date_demande = models.DateTimeField("demandé le", auto_now_add=True)
    date_envoi = models.DateTimeField("dernier envoi du lien le", auto_now_add=True)
    nombre_envois = models.PositiveSmallIntegerField("liens envoyés", default=1)
    date_reponse = models.DateTimeField("répondu le", null=True, blank=True)
    reponse = models.TextField("avis rendu", blank=True)
    date_revocation = models.DateTimeField("révoqué le", null=True, blank=True)
    revoque_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="révoqué par",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The expert's emails (the outbox rows point to the avis), deleted with it.
    notifications = GenericRelation(
        "notifications.Notification", content_type_field="objet_type", object_id_field="objet_id"
    )

    objects = AvisQuerySet.as_manager()

    class Meta:
        verbose_name = "avis d'expert"
        verbose_name_plural = "avis d'experts"
        ordering = ["date_demande", "pk"]
        indexes = [
            # The dashboard counts, per demande, the avis asked and received.
            models.Index(
                fields=["demande", "date_reponse"],
                condition=Q(date_revocation__isnull=True),
                name="avis_actif_idx",
            ),
        ]

    def __str__(self):
        return f"Avis de {self.expert_nom} ({self.expert_organisme})"

    @property
    def revoque(self):
        return self.date_revocation is not None

    @property
    def departement(self):
        """The demande's: the préfecture that asks, named by the expert's page and emails."""
        return self.demande.departement

    @property
    def repondu(self):
        return self.date_reponse is not None

    @property
    def expert(self):
        return f"{self.expert_nom} ({self.expert_organisme})"


def chemin_document(instance, nom):
    return f"avis/{instance.avis_id}/{uuid.uuid4().hex}{instance.extension}"


class DocumentAvis(models.Model):
    """A document the expert joined to their answer; served only after ``regles`` allow."""

    avis = models.ForeignKey(Avis, on_delete=models.CASCADE, related_name="documents")
    fichier = models.FileField(
        "fichier", upload_to=chemin_document, storage=StockagePrive, max_length=200
    )
    nom = models.CharField("nom", max_length=200)
    type_mime = models.CharField("type", max_length=120)
    extension = models.CharField(max_length=10)
    taille = models.PositiveBigIntegerField("taille (octets)")
    date_depot = models.DateTimeField("déposé le", auto_now_add=True)

    class Meta:
        verbose_name = "document d'un avis"
        verbose_name_plural = "documents des avis"
        ordering = ["date_depot", "pk"]

    def __str__(self):
        return self.nom
