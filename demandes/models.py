"""Project requests (demandes) and what hangs on them: documents, thread, timeline, complements."""

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from guichet.comptes.roles import dans_ses_departements, departements_vus, est_agent_de_l_etat


class Statut(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    DEPOSEE = "deposee", "Déposée"
    EN_INSTRUCTION = "en_instruction", "En instruction"
    A_COMPLETER = "a_completer", "À compléter"
    ORIENTEE = "orientee", "Orientée"
    INSCRITE_COMITE = "inscrite_comite", "Inscrite au comité"
    ACCOMPAGNEE = "accompagnee", "Accompagnée"
    CLOTUREE = "cloturee", "Clôturée"
    CLASSEE_SANS_SUITE = "classee_sans_suite", "Classée sans suite"


class Besoin(models.TextChoices):
    INGENIERIE = "ingenierie", "Ingénierie"
    FINANCEMENT = "financement", "Financement"
    CONSEIL = "conseil", "Conseil"
    MISE_EN_RELATION = "mise_en_relation", "Mise en relation"


class Maturite(models.TextChoices):
    IDEE = "idee", "Idée ou intention"
    ETUDES = "etudes", "Études en cours"
    PROJET_DEFINI = "projet_defini", "Projet défini, prêt à démarrer"
    TRAVAUX = "travaux", "Réalisation en cours"


class Canal(models.TextChoices):
    """How a collectivité asked the State to file for it."""

    TELEPHONE = "telephone", "Téléphone"
    COURRIER = "courrier", "Courrier"
    COURRIEL = "courriel", "Courriel"
    RENDEZ_VOUS = "rendez_vous", "Rendez-vous"


# « Déposée par … pour la commune de Delle, à la suite d'un appel »
A_LA_SUITE = {
    Canal.TELEPHONE: "à la suite d'un appel",
    Canal.COURRIER: "à la suite d'un courrier",
    Canal.COURRIEL: "à la suite d'un courriel",
    Canal.RENDEZ_VOUS: "à la suite d'un rendez-vous",
}


class DemandeQuerySet(models.QuerySet):
    def deposees(self):
        """Every filed demande (drafts aside): what the State staff see."""
        return self.exclude(statut=Statut.BROUILLON)

    def visibles_par(self, user):
        """The demandes ``user`` may see, filtered in the query (one subquery), never in Python.

        State staff see every filed demande of their départements (a superuser, of all);
        everyone else sees what an object permission (through one of their groups, or
        directly) grants them. Drafts stay with their collectivité.
        """
        if not user.is_authenticated:
            return self.none()
        if est_agent_de_l_etat(user):
            return self.deposees().filter(dans_ses_departements(user))
        par_groupe = DemandeGroupObjectPermission.objects.filter(
            permission__codename="view_demande", group__in=user.groups.all()
        ).values("content_object_id")
        directe = DemandeUserObjectPermission.objects.filter(
            permission__codename="view_demande", user=user
        ).values("content_object_id")
        # The identifiers first, then one index lookup per demande: an OR of two EXISTS would
        # make PostgreSQL test every demande of the département (70 ms at 100,000 demandes).
        return self.filter(pk__in=par_groupe.union(directe))

    def de_ses_collectivites(self, user):
        """The demandes of the collectivités ``user`` belongs to now: never another commune's,
        even one they may read (as a comité member)."""
        return self.filter(collectivite__rattachements__user=user)


class DemandeManager(models.Manager.from_queryset(DemandeQuerySet)):
    def get_queryset(self):
        # The search vector is the database's business: never loaded, never written back.
        return super().get_queryset().defer("recherche")


class Demande(models.Model):
    reference = models.CharField("référence", max_length=20, unique=True, null=True, blank=True)
    collectivite = models.ForeignKey(
        "territoire.Collectivite",
        verbose_name="collectivité",
        on_delete=models.PROTECT,
        related_name="demandes",
    )
    # The collectivité's, copied when the demande is created (``services``): every State
    # query filters on it, and the dashboard reads a département's demandes on its own index.
    departement = models.ForeignKey(
        "territoire.Departement",
        verbose_name="département",
        on_delete=models.PROTECT,
        related_name="demandes",
        help_text="Celui de la collectivité : sa préfecture et sa DDT instruisent la demande.",
    )
    deposant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déposant",
        on_delete=models.PROTECT,
        related_name="demandes_deposees",
    )
    titre = models.CharField("titre du projet", max_length=200)
    description = models.TextField("description du projet", blank=True)
    thematiques = models.ManyToManyField(
        "territoire.Thematique", verbose_name="thématiques", blank=True, related_name="demandes"
    )
    programme = models.ForeignKey(
        "territoire.ProgrammeNational",
        verbose_name="programme national",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="demandes",
    )
    besoin = models.CharField("besoin principal", max_length=20, choices=Besoin.choices, blank=True)
    maturite = models.CharField(
        "maturité du projet", max_length=20, choices=Maturite.choices, blank=True
    )
    budget_estime = models.DecimalField(
        "budget estimé (€)", max_digits=12, decimal_places=0, null=True, blank=True
    )
    echeance_souhaitee = models.DateField("échéance souhaitée", null=True, blank=True)
    contact_nom = models.CharField("nom du contact", max_length=150, blank=True)
    contact_email = models.EmailField("adresse électronique du contact", blank=True)
    contact_telephone = models.CharField("téléphone du contact", max_length=30, blank=True)
    # The collectivité's consent, asked when filing: once supported, the project (its title,
    # never its description nor its contact) is listed in the open data of /donnees/.
    publier_donnees_ouvertes = models.BooleanField(
        "publier en données ouvertes",
        default=False,
        help_text=(
            "Si le projet est accompagné, son titre, sa commune, ses thématiques, son programme "
            "et ses opérateurs seront publiés sous Licence Ouverte 2.0. Ni la description ni "
            "les coordonnées du contact ne sont publiées."
        ),
    )

    statut = models.CharField(
        "statut", max_length=20, choices=Statut.choices, default=Statut.BROUILLON, db_index=True
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="référent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="demandes_referent",
    )
    motif_classement = models.TextField("motif du classement", blank=True)
    date_creation = models.DateTimeField("créée le", auto_now_add=True)
    date_modification = models.DateTimeField("modifiée le", auto_now=True)
    date_depot = models.DateTimeField("déposée le", null=True, blank=True)
    date_prise_en_charge = models.DateTimeField("prise en charge le", null=True, blank=True)
    date_orientation = models.DateTimeField("orientée le", null=True, blank=True)
    date_inscription_comite = models.DateTimeField("inscrite au comité le", null=True, blank=True)
    date_accompagnement = models.DateTimeField("accompagnée depuis le", null=True, blank=True)
    date_cloture = models.DateTimeField("clôturée le", null=True, blank=True)
    date_classement = models.DateTimeField("classée le", null=True, blank=True)
    version = models.PositiveIntegerField("version", default=1)
    # Filed by a State agent for the collectivité (a call, a letter, a meeting): who, and how
    # the collectivité asked. A member of the collectivité takes it over once (« reprendre »).
    deposee_pour_le_compte_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déposée pour le compte de la collectivité par",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    canal = models.CharField("demande reçue par", max_length=20, choices=Canal.choices, blank=True)
    date_reprise = models.DateTimeField("reprise par la collectivité le", null=True, blank=True)
    date_avertissement_purge = models.DateTimeField(
        "collectivité avertie de la purge le", null=True, blank=True
    )
    date_purge = models.DateTimeField("données personnelles purgées le", null=True, blank=True)
    # Title, description and collectivité for the French full-text search; written by a
    # PostgreSQL trigger (migration 0008), empty on SQLite.
    recherche = SearchVectorField(null=True, editable=False)
    # Its notifications (the outbox knows no demande: it points to any object), deleted with it.
    notifications = GenericRelation(
        "notifications.Notification", content_type_field="objet_type", object_id_field="objet_id"
    )

    objects = DemandeManager()

    class Meta:
        verbose_name = "demande"
        verbose_name_plural = "demandes"
        ordering = ["-date_depot", "-date_creation"]
        indexes = [
            models.Index(fields=["collectivite", "statut"]),
            models.Index(fields=["statut", "date_depot"]),
            # « Suivies » and « Mes demandes »: a referent's demandes counted on the index alone.
            models.Index(fields=["referent", "statut"]),
            # The dashboard's default order: a tab of several statuses (« En attente ») reads
            # its first page in this order and stops, instead of sorting every match.
            models.Index(fields=["date_depot", "id"], name="demande_ordre_du_tableau"),
            # The same order within a département: an agent's dashboard reads its own.
            models.Index(
                fields=["departement", "date_depot", "id"], name="demande_ordre_departement"
            ),
            # A status filter within a département (tabs, « Statut », counts by status): the
            # département's rows of those statuses, not every row of the country in them and
            # then the département's (measured at 1,000,000 demandes: bench/RESULTS.md). With
            # what the dashboard's figures count its demandes by, they are counted on the index
            # alone, not by reading the table's wide rows (PostgreSQL; 290 → 180 ms at 100,000).
            models.Index(
                fields=["departement", "statut"],
                include=[
                    "id",
                    "collectivite",
                    "referent",
                    "date_depot",
                    "date_prise_en_charge",
                    "date_orientation",
                ],
                name="demande_statut_departement",
            ),
            # « Mes demandes » (the agent's tab and count) within a département, read from the
            # index alone: without it the count visits the table (34 ms for 44,000 rows in the
            # bench).
            models.Index(
                fields=["departement", "referent", "statut"], name="demande_referent_departement"
            ),
        ]

    def __str__(self):
        return f"{self.reference or 'Brouillon'} — {self.titre}"

    def get_absolute_url(self):
        return reverse("demandes:detail", args=[self.pk])


class DemandeUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Demande, on_delete=models.CASCADE)


class DemandeGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Demande, on_delete=models.CASCADE)


class CompteurReference(models.Model):
    """The last number given each year; locked while filing so two filings never share one."""

    annee = models.PositiveSmallIntegerField("année", primary_key=True)
    dernier = models.PositiveIntegerField("dernier numéro", default=0)

    class Meta:
        verbose_name = "compteur de références"
        verbose_name_plural = "compteurs de références"

    def __str__(self):
        return f"{self.annee} : {self.dernier}"


class TypeEvenement(models.TextChoices):
    CREATION = "creation", "Brouillon créé"
    MODIFICATION = "modification", "Demande modifiée"
    TRANSITION = "transition", "Changement de statut"
    DOCUMENT = "document", "Document ajouté"
    MESSAGE = "message", "Message"
    COMPLEMENT_DEMANDE = "complement_demande", "Complément demandé"
    COMPLEMENT_REPONDU = "complement_repondu", "Complément apporté"
    ATTRIBUTION = "attribution", "Attribution"
    OPERATEUR = "operateur", "Réponse d'opérateur"
    COMITE = "comite", "Décision du comité"
    AVIS = "avis", "Avis d'expert"
    RELANCE = "relance", "Relance"
    REPRISE = "reprise", "Reprise par la collectivité"
    DOSSIER_DS = "dossier_ds", "Dossier Démarches Simplifiées préparé"


class Evenement(models.Model):
    """The timeline: who did what, when. Written by the services, never edited."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="evenements")
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    type = models.CharField("type", max_length=30, choices=TypeEvenement.choices)
    statut_avant = models.CharField(max_length=20, choices=Statut.choices, blank=True)
    statut_apres = models.CharField(max_length=20, choices=Statut.choices, blank=True)
    libelle = models.CharField("libellé", max_length=250)
    detail = models.TextField("détail", blank=True)
    interne = models.BooleanField(
        "interne", default=False, help_text="Visible de l'État et des opérateurs seulement."
    )
    date = models.DateTimeField("date", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "événement"
        verbose_name_plural = "événements"
        ordering = ["date", "pk"]
        # A demande's page reads the most recent of its thread and timeline: one index walk,
        # however long they are.
        indexes = [models.Index(fields=["demande", "date"])]

    def __str__(self):
        return self.libelle

    @property
    def par_le_comite(self):
        """A comité's decision: the timeline credits the comité (the agent who recorded it stays
        its ``auteur``, for the record)."""
        return self.type == TypeEvenement.COMITE


class Message(models.Model):
    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="messages")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    texte = models.TextField("message")
    interne = models.BooleanField(
        "note interne",
        default=False,
        help_text="Visible de l'État et des opérateurs seulement, jamais de la collectivité.",
    )
    # The thread's entry for the collectivité's answer to a complement: the page shows the
    # points, the answers and their documents under it.
    complement = models.ForeignKey(
        "DemandeComplement",
        verbose_name="réponse au complément",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
    )
    date = models.DateTimeField("envoyé le", auto_now_add=True)

    class Meta:
        verbose_name = "message"
        verbose_name_plural = "messages"
        ordering = ["date", "pk"]
        # A demande's page reads the most recent of its thread and timeline: one index walk,
        # however long they are.
        indexes = [models.Index(fields=["demande", "date"])]

    def __str__(self):
        return self.texte[:60]


class MotifComplement(models.TextChoices):
    INCOMPLET = "incomplet", "Incomplet"
    INCORRECT = "incorrect", "Incorrect"
    OBSOLETE = "obsolete", "Périmé"


class DemandeComplement(models.Model):
    """A request for more information; while one is open the demande cannot move on."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="complements")
    demande_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="demandé par",
    )
    message = models.TextField("message à la collectivité", blank=True)
    date_ouverture = models.DateTimeField("demandé le", auto_now_add=True)
    date_reponse = models.DateTimeField("répondu le", null=True, blank=True)
    repondu_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="répondu par",
    )

    class Meta:
        verbose_name = "demande de complément"
        verbose_name_plural = "demandes de complément"
        ordering = ["date_ouverture", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["demande"],
                condition=Q(date_reponse__isnull=True),
                name="un_seul_complement_ouvert_par_demande",
            )
        ]

    def __str__(self):
        return f"Complément du {self.date_ouverture:%d/%m/%Y}"

    @property
    def ouvert(self):
        return self.date_reponse is None


class PointComplement(models.Model):
    complement = models.ForeignKey(
        DemandeComplement, on_delete=models.CASCADE, related_name="points"
    )
    question = models.TextField("ce qui est demandé")
    motif = models.CharField("motif", max_length=20, choices=MotifComplement.choices)
    reponse = models.TextField("réponse", blank=True)

    class Meta:
        verbose_name = "point à compléter"
        verbose_name_plural = "points à compléter"
        ordering = ["pk"]

    def __str__(self):
        return self.question[:60]


class StockagePrive(FileSystemStorage):
    """Documents live outside any public URL; only a permission-checked view serves them."""

    # Read MEDIA_ROOT on every use (not once at import) so that tests and deployments that
    # change it are followed.
    @property
    def base_location(self):
        return Path(settings.MEDIA_ROOT) / "pieces"

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Les documents ne sont servis que par la vue de téléchargement.")


def chemin_piece(instance, nom):
    return f"{instance.demande_id}/{uuid.uuid4().hex}{instance.extension}"


class PieceJointe(models.Model):
    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="pieces")
    complement = models.ForeignKey(
        DemandeComplement, null=True, blank=True, on_delete=models.SET_NULL, related_name="pieces"
    )
    # A document attached to a message of the thread: read by whoever reads the message (an
    # internal note's documents never reach the collectivité).
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.CASCADE, related_name="pieces"
    )
    fichier = models.FileField(
        "fichier", upload_to=chemin_piece, storage=StockagePrive, max_length=200
    )
    nom = models.CharField("nom", max_length=200)
    type_mime = models.CharField("type", max_length=120)
    extension = models.CharField(max_length=10)
    taille = models.PositiveBigIntegerField("taille (octets)")
    depose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    date_depot = models.DateTimeField("déposé le", auto_now_add=True)

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"
        ordering = ["date_depot", "pk"]

    def __str__(self):
        return self.nom


class CouleurEtiquette(models.TextChoices):
    # DSFR illustrative colours, readable as small tags.
    VERT = "green-emeraude", "Vert"
    ORANGE = "orange-terre-battue", "Orange"
    VIOLET = "purple-glycine", "Violet"
    ROSE = "pink-tuile", "Rose"
    BLEU = "blue-ecume", "Bleu"
    JAUNE = "yellow-tournesol", "Jaune"


class EtiquetteQuerySet(models.QuerySet):
    def du_departement(self, departement_id):
        """The labels offered on a demande of ``departement_id``: the common ones and its own."""
        return self.filter(Q(departement__isnull=True) | Q(departement=departement_id))

    def pour(self, user):
        """The labels ``user`` may use: the common ones and those of their départements (every
        one for a superuser)."""
        departements = departements_vus(user)
        if departements is None:
            return self.all()
        return self.filter(Q(departement__isnull=True) | Q(departement__in=departements))


class Etiquette(models.Model):
    """A coloured label the State team puts on demandes (« À relancer », « Urgent »…): common to
    every département, or a département's own, which only its demandes carry and only its agents
    see (issue #23)."""

    nom = models.CharField("nom", max_length=50)
    couleur = models.CharField(
        "couleur", max_length=30, choices=CouleurEtiquette.choices, default=CouleurEtiquette.BLEU
    )
    departement = models.ForeignKey(
        "territoire.Departement",
        verbose_name="département",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="etiquettes",
        help_text="Vide : l'étiquette sert dans tous les départements.",
    )
    demandes = models.ManyToManyField(Demande, related_name="etiquettes", blank=True)

    objects = EtiquetteQuerySet.as_manager()

    class Meta:
        verbose_name = "étiquette"
        verbose_name_plural = "étiquettes"
        ordering = ["nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["nom"],
                condition=Q(departement__isnull=True),
                name="etiquette_commune_unique",
                violation_error_message="Une étiquette commune porte déjà ce nom.",
            ),
            models.UniqueConstraint(
                fields=["departement", "nom"],
                name="etiquette_unique_par_departement",
                violation_error_message="Ce département a déjà une étiquette de ce nom.",
            ),
        ]

    def __str__(self):
        return self.nom

    def clean(self):
        """A département's label and a common one never share a name: the département's agents
        would see two labels of the same name."""
        homonymes = Etiquette.objects.filter(nom=self.nom).exclude(pk=self.pk)
        if self.departement_id and homonymes.filter(departement__isnull=True).exists():
            raise ValidationError({"nom": "Une étiquette commune porte déjà ce nom."})
        if not self.departement_id and homonymes.exists():
            raise ValidationError(
                {"nom": "Une étiquette d'un département porte déjà ce nom : renommez-la d'abord."}
            )


class Suivi(models.Model):
    """One person and one demande: followed or not, and when each part was last seen."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suivis"
    )
    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="suivis")
    suivie = models.BooleanField("suivie", default=False)
    vu_le = models.DateTimeField("dernière consultation", null=True, blank=True)

    class Meta:
        verbose_name = "suivi"
        verbose_name_plural = "suivis"
        constraints = [models.UniqueConstraint(fields=["user", "demande"], name="suivi_unique")]

    def __str__(self):
        return f"{self.user} — {self.demande}"


class ConfigurationRelances(models.Model):
    """The delays beyond which a demande is listed in the State's morning digest, and those of
    the reminders: one row per département, made with the defaults when first needed."""

    departement = models.OneToOneField(
        "territoire.Departement",
        verbose_name="département",
        on_delete=models.PROTECT,
        related_name="configuration_relances",
    )

    delai_prise_en_charge = models.PositiveSmallIntegerField(
        "déposée et non prise en charge depuis (jours)", default=5
    )
    delai_complement = models.PositiveSmallIntegerField(
        "complément demandé sans réponse depuis (jours)", default=15
    )
    delai_operateur = models.PositiveSmallIntegerField(
        "orientée sans réponse d'opérateur depuis (jours)", default=15
    )
    actif = models.BooleanField("envoyer le récapitulatif du matin", default=True)
    # The reminders sent to whoever is late (``relances.envoyer_les_relances``), once per delay.
    relance_operateur = models.PositiveSmallIntegerField(
        "relancer l'opérateur qui n'a ni accepté ni décliné après (jours)", default=10
    )
    relance_complement = models.PositiveSmallIntegerField(
        "relancer la collectivité dont le complément reste ouvert après (jours)", default=10
    )
    relance_avis = models.PositiveSmallIntegerField(
        "relancer l'expert dont l'avis manque, après la date limite (jours)", default=1
    )
    relances_actives = models.BooleanField(
        "envoyer les relances aux opérateurs, collectivités et experts", default=True
    )

    class Meta:
        verbose_name = "configuration des relances"
        verbose_name_plural = "configuration des relances"
        ordering = ["departement__code"]

    def __str__(self):
        return f"Délais de relance {self.departement.du_nom}"

    @classmethod
    def du_departement(cls, departement):
        """The delays of ``departement`` (one, or its id)."""
        return cls.objects.get_or_create(departement_id=getattr(departement, "pk", departement))[0]


class Sourdine(models.Model):
    """A demande whose notifications a person no longer wants by email."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sourdines"
    )
    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="sourdines")
    date = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "demande en sourdine"
        verbose_name_plural = "demandes en sourdine"
        constraints = [models.UniqueConstraint(fields=["user", "demande"], name="sourdine_unique")]

    def __str__(self):
        return f"{self.user} — {self.demande}"


class Relance(models.Model):
    """One reminder sent: ``cle`` names what was late and for which delay, so that each is sent
    once, whatever the reruns of the task (a second insert of the same key fails)."""

    cle = models.CharField("clé", max_length=150, unique=True)
    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="relances")
    nature = models.CharField("nature", max_length=30)
    date = models.DateTimeField("envoyée le", auto_now_add=True)

    class Meta:
        verbose_name = "relance"
        verbose_name_plural = "relances"
        ordering = ["-date"]

    def __str__(self):
        return self.cle
