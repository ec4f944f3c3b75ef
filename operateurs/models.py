"""The operators: ANCT partners and local engineering actors."""

from django.contrib.auth.models import Group
from django.db import models


class TypeOperateur(models.TextChoices):
    PARTENAIRE_ANCT = "partenaire_anct", "Opérateur partenaire de l'ANCT"
    INGENIERIE_LOCALE = "ingenierie_locale", "Acteur local de l'ingénierie"


class Operateur(models.Model):
    nom = models.CharField("nom", max_length=200, unique=True)
    sigle = models.CharField("nom court", max_length=60)
    slug = models.SlugField("identifiant", max_length=60, unique=True)
    type = models.CharField(
        "type", max_length=30, choices=TypeOperateur.choices, default=TypeOperateur.PARTENAIRE_ANCT
    )
    description = models.TextField("ce que l'opérateur propose", blank=True)
    site_web = models.URLField("site web", blank=True)
    email_contact = models.EmailField("adresse de contact", blank=True)
    thematiques = models.ManyToManyField(
        "territoire.Thematique", verbose_name="thématiques", blank=True, related_name="operateurs"
    )
    actif = models.BooleanField("actif", default=True)
    groupe = models.OneToOneField(
        Group,
        verbose_name="groupe des membres",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="operateur",
        help_text="Reçoit les permissions sur les demandes orientées vers l'opérateur.",
    )

    class Meta:
        verbose_name = "opérateur"
        verbose_name_plural = "opérateurs"
        ordering = ["sigle"]

    def __str__(self):
        return self.sigle
