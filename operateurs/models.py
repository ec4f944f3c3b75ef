"""The operators' work: routing rules and routings (orientations). The operators themselves,
ANCT partners and local engineering actors, and their local teams are reference data of the
territory (``guichet.territoire.models``), like the collectivités."""

from django.conf import settings
from django.db import models

from guichet.territoire.models import Departement, Operateur


def departement_par_defaut():
    """The Territoire de Belfort's id: a rule written without a département is the 90's, as
    every rule was before the portal served several."""
    return Departement.objects.par_defaut().pk


class RegleOrientationQuerySet(models.QuerySet):
    def pour_la_demande(self, demande):
        """The rules of the département whose State routes ``demande``."""
        return self.filter(departement=demande.departement_id)


class RegleOrientation(models.Model):
    """« In this département, this theme concerns that operator, with this weight »: feeds the
    routing suggestion of the département's demandes."""

    departement = models.ForeignKey(
        "territoire.Departement",
        verbose_name="département",
        default=departement_par_defaut,
        on_delete=models.PROTECT,
        related_name="regles_orientation",
    )
    thematique = models.ForeignKey(
        "territoire.Thematique",
        verbose_name="thématique",
        on_delete=models.CASCADE,
        related_name="regles_orientation",
    )
    operateur = models.ForeignKey(
        Operateur, verbose_name="opérateur", on_delete=models.CASCADE, related_name="regles"
    )
    poids = models.PositiveSmallIntegerField(
        "poids", default=1, help_text="Plus il est élevé, plus l'opérateur est proposé en premier."
    )

    objects = RegleOrientationQuerySet.as_manager()

    class Meta:
        verbose_name = "règle d'orientation"
        verbose_name_plural = "règles d'orientation"
        ordering = ["departement", "thematique", "-poids"]
        constraints = [
            models.UniqueConstraint(
                fields=["departement", "thematique", "operateur"], name="regle_unique"
            )
        ]

    def __str__(self):
        return f"{self.thematique} → {self.operateur} ({self.poids})"


class StatutOrientation(models.TextChoices):
    PROPOSEE = "proposee", "Proposée"
    ACCEPTEE = "acceptee", "Acceptée"
    DECLINEE = "declinee", "Déclinée"
    TERMINEE = "terminee", "Terminée"


class TypeOffre(models.TextChoices):
    INGENIERIE = "ingenierie", "Ingénierie"
    FINANCEMENT = "financement", "Financement"
    ETUDE = "etude", "Étude"
    MISE_EN_RELATION = "mise_en_relation", "Mise en relation"


class Orientation(models.Model):
    """A demande routed to an operator, and the operator's answer: avis and offer."""

    demande = models.ForeignKey(
        "demandes.Demande", on_delete=models.CASCADE, related_name="orientations"
    )
    operateur = models.ForeignKey(
        Operateur, verbose_name="opérateur", on_delete=models.PROTECT, related_name="orientations"
    )
    statut = models.CharField(
        "statut",
        max_length=20,
        choices=StatutOrientation.choices,
        default=StatutOrientation.PROPOSEE,
    )
    message = models.TextField("message à l'opérateur", blank=True)
    oriente_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="orientée par",
    )
    date_orientation = models.DateTimeField("orientée le", auto_now_add=True)
    date_reponse = models.DateTimeField("répondu le", null=True, blank=True)
    motif_refus = models.TextField("motif du refus", blank=True)
    responsable = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="personne en charge chez l'opérateur",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    avis = models.TextField("avis de l'opérateur", blank=True)
    type_offre = models.CharField(
        "type d'appui", max_length=20, choices=TypeOffre.choices, blank=True
    )
    montant_estime = models.DecimalField(
        "montant estimé (€)", max_digits=12, decimal_places=0, null=True, blank=True
    )
    jours_estimes = models.PositiveIntegerField("jours d'ingénierie estimés", null=True, blank=True)
    description_offre = models.TextField("appui proposé", blank=True)
    date_avis = models.DateTimeField("avis donné le", null=True, blank=True)
    date_fin = models.DateTimeField("appui terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "orientation"
        verbose_name_plural = "orientations"
        ordering = ["date_orientation", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["demande", "operateur"], name="orientation_unique")
        ]
        indexes = [
            # An operator's routings by status, with their demande for the permission check,
            # counted on the index alone (the inbox and the header of a national operator:
            # tens of thousands of routings, issue #23).
            models.Index(fields=["operateur", "statut", "demande"], name="orientation_statut"),
            # The inbox's page, newest first, read in the index's order up to the page.
            models.Index(fields=["operateur", "date_orientation", "id"], name="orientation_ordre"),
        ]

    def __str__(self):
        return f"{self.demande} → {self.operateur}"
