"""The territory's reference data: collectivités, themes, national programmes, and the
operators (ANCT partners, local engineering actors) with their local teams."""

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


def groupe_des_membres(*, related_name, help_text):
    """The group of an organisation's members (a collectivité, an operator or one of its local
    teams, a comité), which receives the object permissions on its demandes; made when first
    needed, by the service that attaches a member."""
    return models.OneToOneField(
        Group,
        verbose_name="groupe des membres",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name=related_name,
        help_text=help_text,
    )


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
    groupe = groupe_des_membres(
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
    groupe = groupe_des_membres(
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
    groupe = groupe_des_membres(
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
