"""A démarche of Démarches Simplifiées, the correspondence of its fields with a demande's, and
the prefilled links prepared from the demandes."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

# A DS field's identifier as its « préremplir » page gives it: base64 letters (``Q2hhbXAtMTIz``,
# sometimes with its ``=`` padding), written with or without the ``champ_`` of the link.
IDENTIFIANT_DS = re.compile(r"[A-Za-z0-9+/=_-]{1,100}")
# The path of a démarche in ``/commencer/<path>``.
CHEMIN_DS = re.compile(r"[a-z0-9][a-z0-9-]{0,199}")


class ChampDemande(models.TextChoices):
    """What of a demande may fill a DS field. Nothing else leaves the portal."""

    REFERENCE = "reference", "Référence de la demande"
    TITRE = "titre", "Titre du projet"
    DESCRIPTION = "description", "Description du projet"
    COLLECTIVITE = "collectivite", "Nom de la collectivité"
    CODE_INSEE = "code_insee", "Code INSEE de la collectivité"
    SIREN = "siren", "SIREN de la collectivité"
    EPCI = "epci", "EPCI de la collectivité"
    THEMATIQUES = "thematiques", "Thématiques"
    PROGRAMME = "programme", "Programme national"
    BESOIN = "besoin", "Besoin principal"
    MATURITE = "maturite", "Maturité du projet"
    BUDGET_ESTIME = "budget_estime", "Budget estimé (€)"
    ECHEANCE_SOUHAITEE = "echeance_souhaitee", "Échéance souhaitée (AAAA-MM-JJ)"
    CONTACT_NOM = "contact_nom", "Nom du contact"
    CONTACT_EMAIL = "contact_email", "Adresse électronique du contact"
    CONTACT_TELEPHONE = "contact_telephone", "Téléphone du contact"
    LIEN = "lien", "Lien vers la demande sur le guichet"


class Demarche(models.Model):
    nom = models.CharField("nom", max_length=150, help_text="Exemple : DETR/DSIL 2027")
    numero = models.PositiveIntegerField(
        "numéro de la démarche", unique=True, help_text="Le numéro donné par Démarches Simplifiées."
    )
    chemin = models.CharField(
        "chemin (path)",
        max_length=200,
        help_text=(
            "La fin du lien public de la démarche : pour "
            "https://www.demarches-simplifiees.fr/commencer/detr-dsil-90, « detr-dsil-90 »."
        ),
    )
    active = models.BooleanField(
        "active", default=True, help_text="Proposée aux agents sur les demandes accompagnées."
    )

    class Meta:
        verbose_name = "démarche Démarches Simplifiées"
        verbose_name_plural = "démarches Démarches Simplifiées"
        ordering = ["nom"]

    def __str__(self):
        return f"{self.nom} (n° {self.numero})"

    def clean(self):
        self.chemin = self.chemin.strip().strip("/").rsplit("/commencer/", 1)[-1]
        if not CHEMIN_DS.fullmatch(self.chemin):
            raise ValidationError(
                {"chemin": "Le chemin s'écrit en minuscules, chiffres et tirets : detr-dsil-90."}
            )


class CorrespondanceChamp(models.Model):
    """Field ``champ_demande`` of a demande fills the DS field ``identifiant_ds``."""

    demarche = models.ForeignKey(
        Demarche, verbose_name="démarche", on_delete=models.CASCADE, related_name="champs"
    )
    champ_demande = models.CharField(
        "champ de la demande", max_length=30, choices=ChampDemande.choices
    )
    identifiant_ds = models.CharField(
        "identifiant du champ Démarches Simplifiées",
        max_length=110,
        help_text="Tel qu'indiqué par la page « préremplir » de la démarche : champ_Q2hhbXAtMTIz.",
    )

    class Meta:
        verbose_name = "correspondance de champ"
        verbose_name_plural = "correspondances de champs"
        ordering = ["demarche", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["demarche", "identifiant_ds"], name="un_champ_ds_rempli_une_fois"
            )
        ]

    def __str__(self):
        return f"{self.get_champ_demande_display()} → champ_{self.identifiant_ds}"

    def clean(self):
        identifiant = self.identifiant_ds.strip()
        identifiant = identifiant.removeprefix("champ_")
        if not IDENTIFIANT_DS.fullmatch(identifiant):
            raise ValidationError(
                {
                    "identifiant_ds": (
                        "Recopiez l'identifiant donné par la démarche : champ_Q2hhbXAtMTIz."
                    )
                }
            )
        self.identifiant_ds = identifiant


class DossierPrepare(models.Model):
    """A prefilled link prepared for a demande: kept with it, opened by the agent in DS."""

    demande = models.ForeignKey(
        "demandes.Demande", on_delete=models.CASCADE, related_name="dossiers_ds"
    )
    demarche = models.ForeignKey(
        Demarche, verbose_name="démarche", on_delete=models.PROTECT, related_name="dossiers"
    )
    lien = models.TextField("lien pré-rempli")
    prepare_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="préparé par",
        on_delete=models.PROTECT,
        related_name="+",
    )
    date = models.DateTimeField("préparé le", auto_now_add=True)

    class Meta:
        verbose_name = "dossier pré-rempli"
        verbose_name_plural = "dossiers pré-remplis"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["demande", "date"])]

    def __str__(self):
        return f"{self.demarche} — {self.demande}"
