"""The comité local de cohésion des territoires: its members, its séances and their agendas."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from guichet.territoire.models import groupe_des_membres


def nom_du_comite(departement):
    """« Comité local de cohésion des territoires du Doubs »."""
    return f"Comité local de cohésion des territoires {departement.du_nom}"


class Comite(models.Model):
    """A département's comité: its préfecture and its DDT prepare its séances, and they alone
    among the State's agents see them."""

    nom = models.CharField("nom", max_length=200, unique=True)
    departement = models.OneToOneField(
        "territoire.Departement",
        verbose_name="département",
        on_delete=models.PROTECT,
        related_name="comite",
    )
    groupe = groupe_des_membres(
        related_name="comite",
        help_text="Reçoit les permissions sur les demandes inscrites aux ordres du jour publiés.",
    )
    quorum = models.PositiveSmallIntegerField(
        "quorum",
        null=True,
        blank=True,
        help_text=(
            "Nombre de membres présents ou représentés pour que le comité délibère ; vide : "
            "pas de quorum."
        ),
    )
    releves_publics = models.BooleanField(
        "relevés publiés sur le site",
        default=False,
        help_text=(
            "Les relevés de décisions publiés, sans leurs points internes, se lisent sans "
            "compte sur la page publique des relevés."
        ),
    )

    class Meta:
        verbose_name = "comité"
        verbose_name_plural = "comités"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class Qualite(models.TextChoices):
    PRESIDENT = "president", "Président (préfet)"
    DDT = "ddt", "DDT"
    OPERATEUR = "operateur", "Opérateur"
    REPRESENTANT_COLLECTIVITES = "representant_collectivites", "Représentant des collectivités"
    PARLEMENTAIRE = "parlementaire", "Parlementaire"
    AUTRE = "autre", "Autre"


class MembreComite(models.Model):
    comite = models.ForeignKey(
        Comite, verbose_name="comité", on_delete=models.CASCADE, related_name="membres"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="personne",
        on_delete=models.CASCADE,
        related_name="membres_comite",
    )
    qualite = models.CharField("qualité", max_length=30, choices=Qualite.choices)
    jeton_agenda = models.CharField(
        "jeton du flux d'agenda",
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="Secret de l'adresse du flux d'agenda du membre ; un nouveau remplace l'ancien.",
    )

    class Meta:
        verbose_name = "membre du comité"
        verbose_name_plural = "membres du comité"
        ordering = ["comite", "qualite", "user"]
        constraints = [
            models.UniqueConstraint(fields=["comite", "user"], name="membre_comite_unique")
        ]

    def __str__(self):
        return f"{self.user} ({self.get_qualite_display()})"


class StatutSeance(models.TextChoices):
    EN_PREPARATION = "en_preparation", "En préparation"
    ORDRE_DU_JOUR_PUBLIE = "ordre_du_jour_publie", "Ordre du jour publié"
    TENUE = "tenue", "Tenue"
    RELEVE_PUBLIE = "releve_publie", "Relevé de décisions publié"


# After publication the agenda is what members rely on: changes are recorded and announced.
STATUTS_PUBLIES = (
    StatutSeance.ORDRE_DU_JOUR_PUBLIE,
    StatutSeance.TENUE,
    StatutSeance.RELEVE_PUBLIE,
)


class Seance(models.Model):
    comite = models.ForeignKey(
        Comite, verbose_name="comité", on_delete=models.PROTECT, related_name="seances"
    )
    date = models.DateTimeField("date et heure", db_index=True)
    lieu = models.CharField("lieu", max_length=250)
    lien_visio = models.URLField("lien de visioconférence", blank=True)
    statut = models.CharField(
        "statut",
        max_length=30,
        choices=StatutSeance.choices,
        default=StatutSeance.EN_PREPARATION,
        db_index=True,
    )
    date_publication = models.DateTimeField("ordre du jour publié le", null=True, blank=True)
    date_cloture = models.DateTimeField("close le", null=True, blank=True)
    date_publication_releve = models.DateTimeField("relevé publié le", null=True, blank=True)
    sequence = models.PositiveIntegerField(
        "révision de l'invitation",
        default=0,
        help_text=(
            "Incrémentée à chaque changement de la séance : les agendas remplacent l'invitation."
        ),
    )
    version = models.PositiveIntegerField("version", default=1)
    modifiee_le = models.DateTimeField("modifiée le", default=timezone.now, editable=False)
    # Its announcements to the members (the outbox rows point to the séance), deleted with it.
    notifications = GenericRelation(
        "notifications.Notification", content_type_field="objet_type", object_id_field="objet_id"
    )

    class Meta:
        verbose_name = "séance"
        verbose_name_plural = "séances"
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"Séance du {self.date:%d/%m/%Y}"

    def save(self, *args, update_fields=None, **kwargs):
        # Every write dates the séance: the agenda feed's LAST-MODIFIED.
        self.modifiee_le = timezone.now()
        if update_fields is not None:
            update_fields = {*update_fields, "modifiee_le"}
        super().save(*args, update_fields=update_fields, **kwargs)

    def get_absolute_url(self):
        return reverse("comite:seance", args=[self.pk])

    @property
    def departement(self):
        """The comité's: named by the séance's emails and invitation."""
        return self.comite.departement

    @property
    def publiee(self):
        return self.statut in STATUTS_PUBLIES

    @property
    def releve_publie(self):
        return self.statut == StatutSeance.RELEVE_PUBLIE


class Decision(models.TextChoices):
    FAVORABLE = "favorable", "Avis favorable"
    DEFAVORABLE = "defavorable", "Avis défavorable"
    AJOURNE = "ajourne", "Ajourné"
    POUR_INFORMATION = "pour_information", "Pour information"


# The DSFR badge of each decision.
COULEUR_DECISION = {
    Decision.FAVORABLE: "success",
    Decision.DEFAVORABLE: "error",
    Decision.AJOURNE: "info",
    Decision.POUR_INFORMATION: "info",
}


class ModeDecision(models.TextChoices):
    """How the comité took a decision: sitting, from the séance's start, or by written
    consultation of its members, which may come before the séance's date."""

    SEANCE = "seance", "En séance"
    CONSULTATION_ECRITE = "consultation_ecrite", "Par consultation écrite"


class PointOrdreDuJour(models.Model):
    seance = models.ForeignKey(
        Seance, verbose_name="séance", on_delete=models.CASCADE, related_name="points"
    )
    ordre = models.PositiveIntegerField("ordre")
    demande = models.ForeignKey(
        "demandes.Demande",
        verbose_name="demande",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="points_ordre_du_jour",
    )
    sujet = models.CharField("sujet", max_length=300, blank=True)
    rapporteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="rapporteur",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    duree_minutes = models.PositiveSmallIntegerField("durée (minutes)", null=True, blank=True)
    interne = models.BooleanField(
        "point interne",
        default=False,
        help_text="Jamais montré aux collectivités.",
    )
    pieces_du_dossier = models.ManyToManyField(
        "demandes.PieceJointe",
        verbose_name="pièces du dossier de séance",
        blank=True,
        related_name="points_du_dossier",
        help_text="Choisies par le secrétariat parmi les pièces de la demande ; fusionnées dans "
        "le dossier que les membres téléchargent.",
    )
    decision = models.CharField("décision", max_length=20, choices=Decision.choices, blank=True)
    commentaire = models.TextField("commentaire", blank=True)
    date_decision = models.DateTimeField("décidé le", null=True, blank=True)
    mode_decision = models.CharField(
        "mode de décision", max_length=20, choices=ModeDecision.choices, blank=True
    )
    decide_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décision saisie par",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="L'agent qui a enregistré la décision ; la décision est celle du comité.",
    )
    date_retrait = models.DateTimeField("retiré le", null=True, blank=True)
    motif_retrait = models.TextField("motif du retrait", blank=True)

    class Meta:
        verbose_name = "point de l'ordre du jour"
        verbose_name_plural = "points de l'ordre du jour"
        ordering = ["ordre", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(demande__isnull=False) | ~Q(sujet=""),
                name="point_demande_ou_sujet",
                violation_error_message="Un point porte sur une demande ou sur un sujet libre.",
            ),
            models.UniqueConstraint(
                fields=["seance", "demande"],
                condition=Q(demande__isnull=False),
                name="demande_une_fois_par_seance",
            ),
        ]

    def __str__(self):
        return f"{self.ordre}. {self.titre}"

    @property
    def titre(self):
        return self.demande.titre if self.demande_id else self.sujet

    @property
    def couleur_decision(self):
        return COULEUR_DECISION.get(self.decision, "info")

    @property
    def par_consultation_ecrite(self):
        return self.mode_decision == ModeDecision.CONSULTATION_ECRITE


class ReponseConvocation(models.TextChoices):
    PRESENT = "present", "Présent"
    ABSENT = "absent", "Absent"
    REPRESENTE = "represente", "Représenté"


class Convocation(models.Model):
    seance = models.ForeignKey(
        Seance, verbose_name="séance", on_delete=models.CASCADE, related_name="convocations"
    )
    membre = models.ForeignKey(
        MembreComite, verbose_name="membre", on_delete=models.CASCADE, related_name="convocations"
    )
    reponse = models.CharField(
        "réponse", max_length=20, choices=ReponseConvocation.choices, blank=True
    )
    represente_par = models.CharField("représenté par", max_length=200, blank=True)
    date_reponse = models.DateTimeField("répondu le", null=True, blank=True)

    class Meta:
        verbose_name = "convocation"
        verbose_name_plural = "convocations"
        ordering = ["seance", "membre"]
        constraints = [
            models.UniqueConstraint(fields=["seance", "membre"], name="convocation_unique")
        ]

    def __str__(self):
        return f"{self.membre} — {self.seance}"


class ModificationOrdreDuJour(models.Model):
    """A change made to an agenda after its publication, as members were told of it."""

    seance = models.ForeignKey(
        Seance, verbose_name="séance", on_delete=models.CASCADE, related_name="modifications"
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="auteur", on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateTimeField("date", auto_now_add=True)
    description = models.TextField("description")

    class Meta:
        verbose_name = "modification de l'ordre du jour"
        verbose_name_plural = "modifications de l'ordre du jour"
        ordering = ["date", "pk"]

    def __str__(self):
        return self.description[:80]


PRIORITE_EN_DOUBLE = "Cette priorité figure déjà dans la feuille de route."


class Priorite(models.Model):
    """A priority of the comité's shared roadmap: a theme on a territory, adopted at a séance."""

    comite = models.ForeignKey(Comite, on_delete=models.CASCADE, related_name="priorites")
    thematique = models.ForeignKey(
        "territoire.Thematique",
        verbose_name="thématique",
        on_delete=models.PROTECT,
        related_name="+",
    )
    territoire = models.ForeignKey(
        "territoire.Collectivite",
        verbose_name="territoire",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Un EPCI ou une commune ; vide : tout le département.",
    )
    seance = models.ForeignKey(
        Seance,
        verbose_name="adoptée en séance",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="priorites_adoptees",
    )
    commentaire = models.TextField("commentaire", blank=True)
    date_creation = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "priorité de la feuille de route"
        verbose_name_plural = "feuille de route"
        ordering = ["thematique__nom", "territoire__nom"]
        # Two constraints, because NULL (the whole département) never equals NULL in a plain
        # unique constraint; ``nulls_distinct=False`` would say it in one, but SQLite ignores it.
        constraints = [
            models.UniqueConstraint(
                fields=["comite", "thematique", "territoire"],
                condition=Q(territoire__isnull=False),
                name="priorite_unique_sur_un_territoire",
                violation_error_message=PRIORITE_EN_DOUBLE,
            ),
            models.UniqueConstraint(
                fields=["comite", "thematique"],
                condition=Q(territoire__isnull=True),
                name="priorite_unique_sur_tout_le_departement",
                violation_error_message=PRIORITE_EN_DOUBLE,
            ),
        ]

    def __str__(self):
        return f"{self.thematique} — {self.territoire or self.comite.departement.nom}"


# The secretariat of a séance: attendance, corrected decisions, written consultations, members'
# questions. Their steps are declared in ``comite/etapes.py``.


class EtatPresence(models.TextChoices):
    PRESENT = "present", "Présent"
    EXCUSE = "excuse", "Excusé"
    REPRESENTE = "represente", "Représenté"


class Presence(models.Model):
    """Who sat at the séance, as the State recorded it on the day: the minutes' list."""

    seance = models.ForeignKey(
        Seance, verbose_name="séance", on_delete=models.CASCADE, related_name="presences"
    )
    membre = models.ForeignKey(
        MembreComite, verbose_name="membre", on_delete=models.CASCADE, related_name="presences"
    )
    etat = models.CharField("présence", max_length=20, choices=EtatPresence.choices)
    represente_par = models.CharField("représenté par", max_length=200, blank=True)
    enregistre_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="enregistré par",
        on_delete=models.PROTECT,
        related_name="+",
    )
    date = models.DateTimeField("enregistré le", auto_now=True)

    class Meta:
        verbose_name = "présence"
        verbose_name_plural = "présences"
        ordering = ["seance", "membre"]
        constraints = [models.UniqueConstraint(fields=["seance", "membre"], name="presence_unique")]

    def __str__(self):
        return f"{self.membre} — {self.get_etat_display()}"


class CorrectionDecision(models.Model):
    """A recorded decision corrected afterwards: the former one stays readable here."""

    point = models.ForeignKey(
        PointOrdreDuJour, verbose_name="point", on_delete=models.CASCADE, related_name="corrections"
    )
    ancienne_decision = models.CharField(
        "ancienne décision", max_length=20, choices=Decision.choices
    )
    ancien_commentaire = models.TextField("ancien commentaire", blank=True)
    ancien_mode = models.CharField(
        "ancien mode de décision", max_length=20, choices=ModeDecision.choices, blank=True
    )
    ancienne_date = models.DateTimeField("décidé le", null=True, blank=True)
    nouvelle_decision = models.CharField(
        "nouvelle décision", max_length=20, choices=Decision.choices
    )
    motif = models.TextField("motif de la correction")
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="auteur", on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateTimeField("corrigée le", auto_now_add=True)

    class Meta:
        verbose_name = "correction de décision"
        verbose_name_plural = "corrections de décision"
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.point} : {self.ancienne_decision} → {self.nouvelle_decision}"


class StatutConsultation(models.TextChoices):
    OUVERTE = "ouverte", "Ouverte"
    CLOSE = "close", "Close"


class Consultation(models.Model):
    """A written consultation of the members on one item, between two séances."""

    point = models.OneToOneField(
        PointOrdreDuJour,
        verbose_name="point",
        on_delete=models.CASCADE,
        related_name="consultation",
    )
    statut = models.CharField(
        "statut",
        max_length=20,
        choices=StatutConsultation.choices,
        default=StatutConsultation.OUVERTE,
    )
    question = models.TextField("question posée aux membres")
    date_limite = models.DateField("réponses attendues avant le", null=True, blank=True)
    ouverte_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ouverte par",
        on_delete=models.PROTECT,
        related_name="+",
    )
    date_ouverture = models.DateTimeField("ouverte le", auto_now_add=True)
    date_cloture = models.DateTimeField("close le", null=True, blank=True)

    class Meta:
        verbose_name = "consultation écrite"
        verbose_name_plural = "consultations écrites"
        ordering = ["-date_ouverture"]

    def __str__(self):
        return f"Consultation écrite — {self.point}"

    def get_absolute_url(self):
        return reverse("comite:consultation", args=[self.pk])


class AvisConsultation(models.TextChoices):
    FAVORABLE = "favorable", "Favorable"
    DEFAVORABLE = "defavorable", "Défavorable"
    ABSTENTION = "abstention", "Abstention"


class ReponseConsultation(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="reponses"
    )
    membre = models.ForeignKey(
        MembreComite, verbose_name="membre", on_delete=models.CASCADE, related_name="+"
    )
    avis = models.CharField("avis", max_length=20, choices=AvisConsultation.choices)
    commentaire = models.TextField("commentaire", blank=True)
    date = models.DateTimeField("répondu le", auto_now=True)

    class Meta:
        verbose_name = "réponse à une consultation écrite"
        verbose_name_plural = "réponses aux consultations écrites"
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "membre"], name="reponse_consultation_unique"
            )
        ]

    def __str__(self):
        return f"{self.membre} : {self.get_avis_display()}"


class QuestionMembre(models.Model):
    """A member's question or remark on an item before the séance, and the State's answer."""

    point = models.ForeignKey(
        PointOrdreDuJour, verbose_name="point", on_delete=models.CASCADE, related_name="questions"
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="auteur", on_delete=models.PROTECT, related_name="+"
    )
    texte = models.TextField("question ou remarque")
    date = models.DateTimeField("posée le", auto_now_add=True)
    reponse = models.TextField("réponse", blank=True)
    repondu_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="répondu par",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    date_reponse = models.DateTimeField("répondu le", null=True, blank=True)

    class Meta:
        verbose_name = "question d'un membre"
        verbose_name_plural = "questions des membres"
        ordering = ["date", "pk"]

    def __str__(self):
        return self.texte[:80]
