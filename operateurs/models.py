"""The operators: ANCT partners and local engineering actors."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models

from guichet.francais import de
from guichet.territoire.models import Departement


class TypeOperateur(models.TextChoices):
    PARTENAIRE_ANCT = "partenaire_anct", "Opérateur partenaire de l'ANCT"
    INGENIERIE_LOCALE = "ingenierie_locale", "Acteur local de l'ingénierie"


class Article(models.TextChoices):
    """The article a sentence puts before the operator's short name."""

    ELIDE = "l'", "l' (l'Ademe, l'Anah, l'ANRU)"
    LE = "le", "le (le Cerema)"
    LA = "la", "la (la Banque des Territoires)"
    LES = "les", "les"
    AUCUN = "", "aucun : le nom s'emploie sans article"


# « de le », « à le », « de les », « à les » contract: « du Cerema », « au Cerema ».
CONTRACTIONS = {Article.LE: ("du", "au"), Article.LES: ("des", "aux")}


class Operateur(models.Model):
    nom = models.CharField("nom", max_length=200, unique=True)
    sigle = models.CharField("nom court", max_length=60)
    article = models.CharField(
        "article",
        max_length=3,
        choices=Article.choices,
        blank=True,
        default=Article.AUCUN,
        help_text="Celui qu'une phrase met devant le nom court : « Avis de l'Ademe », « Réponse "
        "du Cerema », « orientée vers la Banque des Territoires ».",
    )
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

    @property
    def avec_article(self):
        """The short name as a sentence says it: « l'Ademe », « la Banque des Territoires »,
        « le Cerema »; ``capfirst`` it to start a sentence."""
        if self.article == Article.ELIDE:
            return f"l'{self.sigle}"
        return f"{self.article} {self.sigle}".strip()

    @property
    def de_article(self):
        """« de l'Ademe », « du Cerema », « de la Banque des Territoires »."""
        if self.article in CONTRACTIONS:
            return f"{CONTRACTIONS[self.article][0]} {self.sigle}"
        if self.article == Article.AUCUN:
            return de(self.sigle)
        return f"de {self.avec_article}"

    @property
    def a_article(self):
        """« à l'Ademe », « au Cerema », « à la Banque des Territoires »."""
        if self.article in CONTRACTIONS:
            return f"{CONTRACTIONS[self.article][1]} {self.sigle}"
        return f"à {self.avec_article}"


class EquipeOperateur(models.Model):
    """A national operator's local team (« Ademe Bourgogne-Franche-Comté »): it receives the
    operator's demandes from the départements it serves. A département no team serves is the
    national group's; an operator without teams works as one group."""

    operateur = models.ForeignKey(
        Operateur, verbose_name="opérateur", on_delete=models.CASCADE, related_name="equipes"
    )
    nom = models.CharField("nom", max_length=200)
    departements = models.ManyToManyField(
        "territoire.Departement",
        verbose_name="départements servis",
        related_name="equipes_operateurs",
        help_text="Les demandes de ces départements orientées vers l'opérateur vont à cette "
        "équipe, et à elle seule.",
    )
    groupe = models.OneToOneField(
        Group,
        verbose_name="groupe des membres",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="equipe_operateur",
        help_text="Reçoit les permissions sur les demandes des départements servis.",
    )

    class Meta:
        verbose_name = "équipe locale d'un opérateur"
        verbose_name_plural = "équipes locales des opérateurs"
        ordering = ["operateur", "nom"]
        constraints = [
            models.UniqueConstraint(fields=["operateur", "nom"], name="equipe_operateur_unique")
        ]

    def __str__(self):
        return self.nom


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
