"""The territory's reference data: collectivités, themes, national programmes."""

from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q

from guichet.francais import de
from guichet.territoire.chargement import CODE_DEPARTEMENT

# How a name takes its preposition, by the INSEE's « type de nom en clair » (TNCC), as the
# official files give it: « du Doubs », « de la Côte-d'Or », « des Hauts-de-Seine », « de l'Ain ».
PREPOSITION_PAR_TYPE_DE_LIAISON = {
    0: "de ",
    1: "d'",
    2: "du ",
    3: "de la ",
    4: "des ",
    5: "de l'",
}


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=3, unique=True)
    nom = models.CharField("nom", max_length=100)

    class Meta:
        verbose_name = "région"
        verbose_name_plural = "régions"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class DepartementManager(models.Manager):
    def par_defaut(self):
        """The Territoire de Belfort: the demo's, and the one an attachment to a State service
        names when none is given."""
        return self.get(code=CODE_DEPARTEMENT)


class Departement(models.Model):
    """A département of the State: its préfecture, its DDT and its comité serve the
    collectivités placed in it. The Territoire de Belfort (90) is the default."""

    code = models.CharField("code INSEE", max_length=3, unique=True)
    nom = models.CharField("nom", max_length=100)
    region = models.ForeignKey(
        Region, verbose_name="région", on_delete=models.PROTECT, related_name="departements"
    )
    type_liaison = models.PositiveSmallIntegerField(
        "type de nom (TNCC de l'INSEE)",
        default=0,
        help_text="Donne la préposition : 2 pour « du Doubs », 3 pour « de la Côte-d'Or ».",
    )

    objects = DepartementManager()

    class Meta:
        verbose_name = "département"
        verbose_name_plural = "départements"
        ordering = ["code"]

    def __str__(self):
        return f"{self.nom} ({self.code})"

    @property
    def du_nom(self):
        """« du Doubs », « de la Côte-d'Or », « des Hauts-de-Seine », « de l'Ain »."""
        return PREPOSITION_PAR_TYPE_DE_LIAISON.get(self.type_liaison, "de ") + self.nom

    @property
    def prefet(self):
        """The State's signature in the header: « Préfet du Doubs »."""
        return f"Préfet {self.du_nom}"


class TypeCollectivite(models.TextChoices):
    COMMUNE = "commune", "Commune"
    EPCI = "epci", "EPCI"
    DEPARTEMENT = "departement", "Département"
    REGION = "region", "Région"
    SYNDICAT = "syndicat", "Syndicat"


class Collectivite(models.Model):
    type = models.CharField("type", max_length=20, choices=TypeCollectivite.choices)
    nom = models.CharField("nom", max_length=200)
    code_insee = models.CharField(
        "code INSEE", max_length=5, blank=True, help_text="Communes et département."
    )
    siren = models.CharField("SIREN", max_length=9, blank=True)
    code_postal = models.CharField("code postal", max_length=5, blank=True)
    population = models.PositiveIntegerField("population municipale", null=True, blank=True)
    epci = models.ForeignKey(
        "self",
        verbose_name="EPCI",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="communes",
        limit_choices_to={"type": TypeCollectivite.EPCI},
    )
    departement = models.ForeignKey(
        Departement,
        verbose_name="département",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="collectivites",
        help_text="Celui dont la préfecture instruit les demandes (vide pour une région).",
    )
    groupe = models.OneToOneField(
        Group,
        verbose_name="groupe des membres",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="collectivite",
        help_text="Reçoit les permissions sur les demandes de la collectivité.",
    )

    class Meta:
        verbose_name = "collectivité"
        verbose_name_plural = "collectivités"
        ordering = ["nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["code_insee"], condition=~Q(code_insee=""), name="collectivite_insee_unique"
            ),
            models.UniqueConstraint(
                fields=["siren"], condition=~Q(siren=""), name="collectivite_siren_unique"
            ),
        ]
        indexes = [models.Index(fields=["type", "nom"])]

    def __str__(self):
        return self.nom

    @property
    def libelle(self):
        """The name as a sentence would say it: « commune de Delle », « CA Grand Belfort »."""
        if self.type == TypeCollectivite.COMMUNE:
            return f"commune {de(self.nom)}"
        if self.type == TypeCollectivite.DEPARTEMENT:
            return f"département du {self.nom}"
        return self.nom

    @property
    def avec_article(self):
        """« la commune de Delle », « le département du Territoire de Belfort », « la CA Grand
        Belfort » (une communauté), « le Syndicat des eaux »."""
        article = "le" if self.type in ARTICLE_MASCULIN else "la"
        return f"{article} {self.libelle}"

    @property
    def de_article(self):
        """« de la commune de Delle », « du département du Territoire de Belfort »."""
        if self.type in ARTICLE_MASCULIN:
            return f"du {self.libelle}"
        return f"de la {self.libelle}"


# Communes, EPCI (communautés, métropoles) and régions take « la »; these take « le ».
ARTICLE_MASCULIN = {TypeCollectivite.DEPARTEMENT, TypeCollectivite.SYNDICAT}


class NatureAncienCode(models.TextChoices):
    ANCIENNE_COMMUNE = "ancienne", "Ancienne commune"
    COMMUNE_DELEGUEE = "deleguee", "Commune déléguée"
    COMMUNE_ASSOCIEE = "associee", "Commune associée"


class AncienCode(models.Model):
    """A code INSEE that no longer names a commune of its own: a commune merged into another
    (Moval, 90073, in Meroux-Moval, 90068), or a commune déléguée or associée kept inside the
    commune it belongs to. Files and people still use these codes;
    ``selectors.collectivite_par_code_insee`` leads them to today's commune."""

    code = models.CharField("code INSEE", max_length=5, unique=True)
    nom = models.CharField(
        "nom",
        max_length=200,
        blank=True,
        help_text="Connu pour les communes déléguées et associées.",
    )
    nature = models.CharField("nature", max_length=20, choices=NatureAncienCode.choices)
    collectivite = models.ForeignKey(
        Collectivite,
        verbose_name="commune actuelle",
        on_delete=models.CASCADE,
        related_name="anciens_codes",
    )

    class Meta:
        verbose_name = "ancien code INSEE"
        verbose_name_plural = "anciens codes INSEE"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.nom}".strip()


class Thematique(models.Model):
    nom = models.CharField("nom", max_length=150, unique=True)
    slug = models.SlugField("identifiant", max_length=80, unique=True)
    ordre = models.PositiveSmallIntegerField("ordre d'affichage", default=0)
    active = models.BooleanField("proposée aux collectivités", default=True)

    class Meta:
        verbose_name = "thématique"
        verbose_name_plural = "thématiques"
        ordering = ["ordre", "nom"]

    def __str__(self):
        return self.nom


class ProgrammeNational(models.Model):
    nom = models.CharField("nom", max_length=150, unique=True)
    slug = models.SlugField("identifiant", max_length=80, unique=True)
    active = models.BooleanField("proposé aux collectivités", default=True)

    class Meta:
        verbose_name = "programme national"
        verbose_name_plural = "programmes nationaux"
        ordering = ["nom"]

    def __str__(self):
        return self.nom
