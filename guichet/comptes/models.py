"""People: the custom user (email login), and what each person is attached to."""

from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from guichet.comptes.roles import Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        return (email or "").strip().lower()

    def get_by_natural_key(self, username):
        return self.get(email__iexact=self.normalize_email(username))

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("Une adresse électronique est nécessaire.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("adresse électronique", unique=True)
    prenom = models.CharField("prénom", max_length=150, blank=True)
    nom = models.CharField("nom", max_length=150, blank=True)
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    is_staff = models.BooleanField(
        "accès à l'administration",
        default=False,
        help_text="Peut se connecter à l'interface d'administration.",
    )
    is_active = models.BooleanField(
        "actif",
        default=True,
        help_text="Décochez plutôt que de supprimer le compte : l'historique est conservé.",
    )
    date_joined = models.DateTimeField("date de création", default=timezone.now)
    # ProConnect (the State's OpenID Connect federation): the stable subject identifier of the
    # person at the provider, and the SIRET of the organisation they last signed in for.
    proconnect_sub = models.CharField(
        "identifiant ProConnect", max_length=255, unique=True, null=True, blank=True
    )
    siret = models.CharField("SIRET de la dernière connexion ProConnect", max_length=14, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
        ordering = ["nom", "prenom", "email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_insensible_casse")]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)

    def get_full_name(self):
        return f"{self.prenom} {self.nom}".strip()

    def get_short_name(self):
        return self.prenom or self.email

    @cached_property
    def roles(self):
        """The user's roles, read once per request from its groups."""
        labels = {role.label: role for role in Role}
        if self.pk is None:
            return frozenset()
        noms = self.groups.values_list("name", flat=True)
        return frozenset(labels[nom] for nom in noms if nom in labels)

    def a_le_role(self, *roles):
        return bool(self.roles.intersection(roles))

    @cached_property
    def departements_de_l_etat(self):
        """The ids of the départements whose préfecture or DDT the user belongs to, read once
        per request. Empty for anyone else (a superuser included: see ``roles.py``)."""
        if self.pk is None:
            return frozenset()
        return frozenset(
            self.rattachements.exclude(service="").values_list("departement_id", flat=True)
        )

    # What the cached properties of the user keep for a request (``roles`` and those below);
    # ``oublier_ce_qui_a_ete_lu`` drops it.
    LU_UNE_FOIS = (
        "roles",
        "departements_de_l_etat",
        "operateurs_rattaches",
        "groupes_d_operateur",
        "collectivites_rattachees",
    )

    def oublier_ce_qui_a_ete_lu(self):
        """After a change of the user's groups or attachments: read them again."""
        for nom in self.LU_UNE_FOIS:
            self.__dict__.pop(nom, None)

    @cached_property
    def operateurs_rattaches(self):
        """The ids of the operators the user belongs to, read once per request."""
        if self.pk is None:
            return frozenset()
        return frozenset(
            self.rattachements.filter(operateur__isnull=False).values_list(
                "operateur_id", flat=True
            )
        )

    @cached_property
    def groupes_d_operateur(self):
        """The ids of the user's groups that hold an operator's rights: its national group's or
        one of its local teams', read once per request."""
        if self.pk is None:
            return frozenset()
        return frozenset(
            self.groups.filter(
                Q(operateur__isnull=False) | Q(equipe_operateur__isnull=False)
            ).values_list("pk", flat=True)
        )

    @cached_property
    def collectivites_rattachees(self):
        """The ids of the collectivités the user belongs to, read once per request (a page
        asks several times: may they write, add documents, take over the demande…)."""
        if self.pk is None:
            return frozenset()
        return frozenset(
            self.rattachements.filter(collectivite__isnull=False).values_list(
                "collectivite_id", flat=True
            )
        )


class ServiceEtat(models.TextChoices):
    """A State service of a département: the attachment names which one."""

    PREFECTURE = "prefecture", "Préfecture"
    DDT = "ddt", "Direction départementale des territoires (DDT)"


class Rattachement(models.Model):
    """Ties a person to exactly one organisation: a collectivité, an operator or a State service."""

    user = models.ForeignKey(
        User, verbose_name="utilisateur", on_delete=models.CASCADE, related_name="rattachements"
    )
    collectivite = models.ForeignKey(
        "territoire.Collectivite",
        verbose_name="collectivité",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rattachements",
    )
    operateur = models.ForeignKey(
        "territoire.Operateur",
        verbose_name="opérateur",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rattachements",
    )
    equipe = models.ForeignKey(
        "territoire.EquipeOperateur",
        verbose_name="équipe locale",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rattachements",
        help_text="Pour un opérateur qui a des équipes locales : celle de la personne ; vide : "
        "l'équipe nationale.",
    )
    service = models.CharField(
        "service de l'État", max_length=20, choices=ServiceEtat.choices, blank=True
    )
    departement = models.ForeignKey(
        "territoire.Departement",
        verbose_name="département du service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rattachements",
        help_text="Pour un service de l'État : la préfecture ou la DDT de quel département.",
    )
    fonction = models.CharField(
        "fonction",
        max_length=150,
        blank=True,
        help_text="Par exemple : maire, préfet, chargé de mission.",
    )
    date_creation = models.DateTimeField("date de rattachement", auto_now_add=True)

    class Meta:
        verbose_name = "rattachement"
        verbose_name_plural = "rattachements"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(collectivite__isnull=False, operateur__isnull=True, service="")
                    | Q(collectivite__isnull=True, operateur__isnull=False, service="")
                    | (
                        Q(collectivite__isnull=True, operateur__isnull=True)
                        & ~Q(service="")
                        & Q(departement__isnull=False)
                    )
                ),
                name="rattachement_une_seule_organisation",
                violation_error_message=(
                    "Un rattachement désigne une seule organisation : une collectivité, "
                    "un opérateur ou un service de l'État, avec son département."
                ),
            ),
            models.CheckConstraint(
                condition=Q(equipe__isnull=True) | Q(operateur__isnull=False),
                name="rattachement_equipe_d_un_operateur",
                violation_error_message="Une équipe locale est celle d'un opérateur.",
            ),
            models.UniqueConstraint(
                fields=["user", "collectivite"],
                condition=Q(collectivite__isnull=False),
                name="rattachement_collectivite_unique",
            ),
            models.UniqueConstraint(
                fields=["user", "operateur"],
                condition=Q(operateur__isnull=False),
                name="rattachement_operateur_unique",
            ),
            models.UniqueConstraint(
                fields=["user", "service", "departement"],
                condition=~Q(service=""),
                name="rattachement_service_unique",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.organisation}"

    @property
    def organisation(self):
        if self.service:
            return f"{self.get_service_display()} {self.departement.du_nom}"
        return self.collectivite or self.operateur


class StatutDemandeAcces(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    VALIDEE = "validee", "Validée"
    REFUSEE = "refusee", "Refusée"


class DemandeAcces(models.Model):
    """A person without attachment asks the préfecture to join a collectivité."""

    user = models.ForeignKey(
        User, verbose_name="demandeur", on_delete=models.CASCADE, related_name="demandes_acces"
    )
    collectivite = models.ForeignKey(
        "territoire.Collectivite",
        verbose_name="collectivité",
        on_delete=models.PROTECT,
        related_name="demandes_acces",
    )
    fonction = models.CharField("fonction", max_length=150)
    message = models.TextField("message", blank=True)
    statut = models.CharField(
        "statut",
        max_length=20,
        choices=StatutDemandeAcces.choices,
        default=StatutDemandeAcces.EN_ATTENTE,
    )
    motif_refus = models.TextField("motif du refus", blank=True)
    traitee_par = models.ForeignKey(
        User,
        verbose_name="traitée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    date_creation = models.DateTimeField("date de la demande", auto_now_add=True)
    date_traitement = models.DateTimeField("date de traitement", null=True, blank=True)

    class Meta:
        verbose_name = "demande d'accès"
        verbose_name_plural = "demandes d'accès"
        ordering = ["-date_creation", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(statut="en_attente"),
                name="demande_acces_une_en_attente",
                violation_error_message="Vous avez déjà une demande d'accès en attente.",
            )
        ]
        indexes = [models.Index(fields=["statut", "date_creation"])]

    def __str__(self):
        return f"{self.user} → {self.collectivite}"

    @property
    def en_attente(self):
        return self.statut == StatutDemandeAcces.EN_ATTENTE


class AvecOrganisation(models.Model):
    """The organisation a row is about: a collectivité, an operator or a State service, as a
    ``Rattachement`` names it (exactly one of the three)."""

    collectivite = models.ForeignKey(
        "territoire.Collectivite",
        verbose_name="collectivité",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    operateur = models.ForeignKey(
        "territoire.Operateur",
        verbose_name="opérateur",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    service = models.CharField(
        "service de l'État", max_length=20, choices=ServiceEtat.choices, blank=True
    )
    departement = models.ForeignKey(
        "territoire.Departement",
        verbose_name="département du service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def organisation(self):
        if self.service:
            return f"{self.get_service_display()} {self.departement.du_nom}"
        return self.collectivite or self.operateur


class StatutInvitation(models.TextChoices):
    EN_COURS = "en_cours", "En cours"
    ACCEPTEE = "acceptee", "Acceptée"
    REVOQUEE = "revoquee", "Révoquée"


class Invitation(AvecOrganisation):
    """A member's invitation of a colleague into their organisation, by email.

    The link carries a token signed with ``SECRET_KEY`` that names this row; the row says
    whether it may still be used (``statut``, ``date_expiration``), so a revoked or used
    invitation is refused whatever the signature."""

    email = models.EmailField("adresse électronique invitée")
    fonction = models.CharField("fonction", max_length=150, blank=True)
    invite = models.ForeignKey(
        User, verbose_name="compte invité", on_delete=models.CASCADE, related_name="invitations"
    )
    invite_par = models.ForeignKey(
        User, verbose_name="invité par", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    statut = models.CharField(
        "statut", max_length=20, choices=StatutInvitation.choices, default=StatutInvitation.EN_COURS
    )
    date_creation = models.DateTimeField("envoyée le", auto_now_add=True)
    date_expiration = models.DateTimeField("valable jusqu'au")
    date_fin = models.DateTimeField("acceptée ou révoquée le", null=True, blank=True)
    terminee_par = models.ForeignKey(
        User,
        verbose_name="acceptée ou révoquée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "invitation"
        verbose_name_plural = "invitations"
        ordering = ["-date_creation", "-pk"]
        indexes = [models.Index(fields=["statut", "date_expiration"])]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @property
    def expiree(self):
        return self.date_expiration <= timezone.now()

    @property
    def utilisable(self):
        return self.statut == StatutInvitation.EN_COURS and not self.expiree


class TypeMouvement(models.TextChoices):
    ARRIVEE = "arrivee", "Arrivée"
    RETRAIT = "retrait", "Retrait"
    INVITATION = "invitation", "Invitation"
    REVOCATION = "revocation", "Invitation révoquée"


class MouvementMembre(AvecOrganisation):
    """The history of an organisation's members: who joined, who was removed, by whom, when.

    Names are copied at the time, so the line reads the same after the account changes."""

    type = models.CharField("type", max_length=20, choices=TypeMouvement.choices)
    membre = models.ForeignKey(
        User, verbose_name="membre", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    membre_nom = models.CharField("nom du membre", max_length=300)
    auteur = models.ForeignKey(
        User, verbose_name="auteur", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    auteur_nom = models.CharField("nom de l'auteur", max_length=300, blank=True)
    detail = models.CharField("détail", max_length=300, blank=True)
    date = models.DateTimeField("date", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "mouvement de membre"
        verbose_name_plural = "mouvements de membres"
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.get_type_display()} : {self.membre_nom}"
