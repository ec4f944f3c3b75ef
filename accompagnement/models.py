"""After the decision: a supported demande's action plan, its progress points, its closing."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


class Porteur(models.TextChoices):
    COLLECTIVITE = "collectivite", "La collectivité"
    OPERATEUR = "operateur", "Un opérateur"
    ETAT = "etat", "L'État"


class EtatAction(models.TextChoices):
    A_FAIRE = "a_faire", "À faire"
    EN_COURS = "en_cours", "En cours"
    BLOQUEE = "bloquee", "Bloquée"
    FAITE = "faite", "Faite"
    ABANDONNEE = "abandonnee", "Abandonnée"


class Action(models.Model):
    """One line of a supported demande's action plan: what, who carries it, by when, where it is.

    Never deleted: an action given up is « Abandonnée », and the timeline keeps every change.
    """

    demande = models.ForeignKey(
        "demandes.Demande", on_delete=models.CASCADE, related_name="actions_du_plan"
    )
    libelle = models.CharField("action", max_length=200)
    porteur = models.CharField("porteur", max_length=20, choices=Porteur.choices)
    operateur = models.ForeignKey(
        "territoire.Operateur",
        verbose_name="opérateur porteur",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    echeance = models.DateField("échéance")
    etat = models.CharField(
        "état", max_length=20, choices=EtatAction.choices, default=EtatAction.A_FAIRE
    )
    commentaire = models.TextField("commentaire", blank=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    date_creation = models.DateTimeField("ajoutée le", auto_now_add=True)
    date_modification = models.DateTimeField("modifiée le", auto_now=True)
    version = models.PositiveIntegerField("version", default=1)

    class Meta:
        verbose_name = "action du plan d'action"
        verbose_name_plural = "actions du plan d'action"
        ordering = ["echeance", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(porteur="operateur", operateur__isnull=False)
                | (~Q(porteur="operateur") & Q(operateur__isnull=True)),
                name="action_operateur_si_porteur_operateur",
            )
        ]

    def __str__(self):
        return self.libelle

    @property
    def nom_du_porteur(self):
        if self.porteur == Porteur.OPERATEUR and self.operateur_id:
            return self.operateur.sigle
        return Porteur(self.porteur).label


class ConfigurationPointsEtape(models.Model):
    """How often the collectivité of a supported demande is asked « Où en êtes-vous ? »: one
    row per département, made with the defaults when first needed (issue #23)."""

    departement = models.OneToOneField(
        "territoire.Departement",
        verbose_name="département",
        on_delete=models.PROTECT,
        related_name="configuration_points_etape",
    )
    periodicite_mois = models.PositiveSmallIntegerField(
        "un point d'étape tous les (mois)",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    actif = models.BooleanField("demander les points d'étape", default=True)

    class Meta:
        verbose_name = "configuration des points d'étape"
        verbose_name_plural = "configuration des points d'étape"
        ordering = ["departement__code"]

    def __str__(self):
        return f"Points d'étape {self.departement.du_nom}"

    @classmethod
    def du_departement(cls, departement):
        """The settings of ``departement`` (one, or its id)."""
        return cls.objects.get_or_create(departement_id=getattr(departement, "pk", departement))[0]


class PointEtape(models.Model):
    """« Où en êtes-vous ? »: asked once per period of a supported demande (period ``numero``,
    counted in whole periods since the support was decided), answered in the thread."""

    demande = models.ForeignKey(
        "demandes.Demande", on_delete=models.CASCADE, related_name="points_d_etape"
    )
    numero = models.PositiveSmallIntegerField("période")
    date_demande = models.DateTimeField("demandé le", auto_now_add=True)
    date_reponse = models.DateTimeField("répondu le", null=True, blank=True)
    repondu_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    message = models.ForeignKey(
        "demandes.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "point d'étape"
        verbose_name_plural = "points d'étape"
        ordering = ["demande", "numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["demande", "numero"], name="un_point_d_etape_par_periode"
            )
        ]

    def __str__(self):
        return f"Point d'étape n° {self.numero}"


class Issue(models.TextChoices):
    REALISE = "realise", "Projet réalisé"
    ABANDONNE = "abandonne", "Projet abandonné"
    REORIENTE = "reoriente", "Réorienté vers un autre dispositif"


class Cloture(models.Model):
    """How a closed demande ended: the State records the outcome and the funding obtained, the
    collectivité then gives its satisfaction. Closing again (after a reopening) replaces it."""

    demande = models.OneToOneField(
        "demandes.Demande", on_delete=models.CASCADE, related_name="cloture"
    )
    issue = models.CharField("issue", max_length=20, choices=Issue.choices)
    montant_obtenu = models.DecimalField(
        "financement obtenu (€)", max_digits=12, decimal_places=0, null=True, blank=True
    )
    financeurs = models.CharField("financeurs", max_length=300, blank=True)
    commentaire = models.TextField("commentaire", blank=True)
    cloturee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateTimeField("clôturée le")
    satisfaction = models.PositiveSmallIntegerField(
        "satisfaction (1 à 5)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    commentaire_satisfaction = models.TextField("commentaire de la collectivité", blank=True)
    satisfaction_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    date_satisfaction = models.DateTimeField("satisfaction donnée le", null=True, blank=True)

    class Meta:
        verbose_name = "clôture"
        verbose_name_plural = "clôtures"
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True)
                | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="satisfaction_de_1_a_5",
            )
        ]

    def __str__(self):
        return f"{self.demande} — {self.get_issue_display()}"
