import datetime
import re
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from guichet.comptes.models import User
from guichet.comptes.roles import dans_ses_departements
from guichet.formulaires import (
    Bouton,
    BoutonSecondaire,
    ChoixAvecAide,
    ChoixDeModele,
    ChoixMultiplesDeModeles,
    helper_avec_bouton,
)
from guichet.territoire.models import Collectivite, Operateur, ProgrammeNational, Thematique

from . import destinataires, pieces_en_attente
from .fichiers import EXTENSIONS_ACCEPTEES, NOMBRE_MAX, TAILLE_MAX, verifier_fichier
from .models import Canal, Demande, MotifComplement
from .services import CHAMPS_MODIFIABLES, REQUIS_POUR_DEPOSER, champs_manquants_pour_depot

_TAILLE_MAX_MO = TAILLE_MAX // (1024 * 1024)
_EXTENSIONS = ", ".join(extension[1:] for extension in EXTENSIONS_ACCEPTEES)
# The DSFR upload component's hint: maximum size, formats, several files.
AIDE_DOCUMENTS = (
    f"Taille maximale : {_TAILLE_MAX_MO} Mo par fichier. Formats acceptés : {_EXTENSIONS}. "
    f"Plusieurs fichiers possibles, {NOMBRE_MAX} au plus par demande."
)
AIDE_PIECES_DU_MESSAGE = (
    f"Taille maximale : {_TAILLE_MAX_MO} Mo par fichier. Formats acceptés : {_EXTENSIONS}. "
    f"Plusieurs fichiers possibles, {NOMBRE_MAX} au plus par message."
)
LIMITE_PAR_DEMANDE = f"Une demande compte au plus {NOMBRE_MAX} documents"
TELEPHONE = re.compile(r"^\+?[0-9 .()-]{6,20}$")


class PlusieursFichiersInput(forms.FileInput):
    """The DSFR upload component (``fr-upload-group``, ``fr-upload``), several files at once."""

    allow_multiple_selected = True
    group_class = "fr-upload-group"

    def __init__(self, attrs=None):
        super().__init__(
            {"class": "fr-upload", "accept": ",".join(EXTENSIONS_ACCEPTEES), **(attrs or {})}
        )


class PlusieursFichiersField(forms.FileField):
    """A file field that accepts several files: counted first, then each checked by content.

    ``restant`` is how many more documents may come: above it, no file is opened. The files
    that pass their checks are kept in ``verifies`` (with what the check found), even when
    another one fails, so that the form can set them aside (``DocumentsMixin``).
    """

    def __init__(self, *args, limite=LIMITE_PAR_DEMANDE, **kwargs):
        kwargs.setdefault("widget", PlusieursFichiersInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.limite = limite
        self.restant = NOMBRE_MAX
        self.verifies = []

    def clean(self, data, initial=None):
        self.verifies = []
        fichiers = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if len(fichiers) > self.restant:
            raise ValidationError(f"{self.limite} : vous pouvez encore en ajouter {self.restant}.")
        erreurs = []
        for fichier in fichiers:
            try:
                super().clean(fichier, initial)
                self.verifies.append((fichier, verifier_fichier(fichier)))
            except ValidationError as erreur:
                erreurs.extend(erreur.messages)
        if erreurs:
            raise ValidationError(erreurs)
        return fichiers


class PiecesDejaJointesField(forms.MultipleChoiceField):
    """The files set aside by an earlier attempt, each a checkbox named by its signed token,
    checked: uncheck one to leave it out. Hidden while there are none."""

    def __init__(self, **kwargs):
        super().__init__(
            label="Documents déjà joints",
            help_text="Ils partiront avec ce formulaire. Décochez un document pour le retirer.",
            required=False,
            widget=forms.MultipleHiddenInput,
            **kwargs,
        )

    def montrer(self, pieces):
        self.widget = forms.CheckboxSelectMultiple() if pieces else forms.MultipleHiddenInput()
        # Set after the widget: the field hands its choices to its widget.
        self.choices = [
            (piece.jeton, f"Déjà joint : {piece.nom} ({filesizeformat(piece.taille)})")
            for piece in pieces
        ]


class DocumentsMixin:
    """Nothing chosen is lost when the form comes back with errors.

    The form has ``documents`` (files chosen now) and ``deja_joints`` (files kept from an
    earlier attempt of this person, see ``pieces_en_attente``). When the form, or the service
    after it, refuses, the view calls ``mettre_de_cote_les_documents()``: each new file that
    passed its checks is set aside and shown as « Déjà joint : nom.pdf », to be sent again with
    the next attempt by its token. ``documents_a_joindre()`` gives the service both kinds.
    """

    def preparer_documents(self, *, user, restant):
        self.user = user
        self.fields["documents"].restant = restant
        self.pieces_en_attente = {}
        self.pieces_perdues = 0
        if self.is_bound:
            nom = self.add_prefix("deja_joints")
            for jeton in dict.fromkeys(self.data.getlist(nom)):
                try:
                    piece = pieces_en_attente.retrouver(jeton, user=user)
                except ValidationError:
                    self.pieces_perdues += 1
                else:
                    self.pieces_en_attente[jeton] = piece
            # Only the tokens still good go on: a lost one is said once, in ``clean``.
            self.data = self.data.copy()
            self.data.setlist(nom, list(self.pieces_en_attente))
        self.fields["deja_joints"].montrer(list(self.pieces_en_attente.values()))

    def clean_deja_joints(self):
        return [self.pieces_en_attente[jeton] for jeton in self.cleaned_data["deja_joints"]]

    def clean(self):
        donnees = super().clean()
        if self.pieces_perdues:
            self.add_error("documents", pieces_en_attente.PERDUE)
        gardees = donnees.get("deja_joints") or []
        nouvelles = donnees.get("documents") or []
        restant = self.fields["documents"].restant
        if gardees and nouvelles and len(gardees) + len(nouvelles) > restant:
            self.add_error(
                "documents",
                f"{self.fields['documents'].limite} : avec ceux déjà joints, vous pouvez encore "
                f"en ajouter {max(restant - len(gardees), 0)}.",
            )
        return donnees

    def documents_a_joindre(self):
        return [*self.cleaned_data["deja_joints"], *self.cleaned_data["documents"]]

    def mettre_de_cote_les_documents(self):
        champ = self.fields["documents"]
        nom = self.add_prefix("deja_joints")
        gardes = self.data.getlist(nom)
        for fichier, verifie in champ.verifies:
            piece = pieces_en_attente.mettre_de_cote(fichier, verifie, user=self.user)
            self.pieces_en_attente[piece.jeton] = piece
            gardes.append(piece.jeton)
        champ.verifies = []
        self.data.setlist(nom, gardes)
        self.fields["deja_joints"].montrer(
            [self.pieces_en_attente[jeton] for jeton in gardes if jeton in self.pieces_en_attente]
        )


class VersionMixin(forms.Form):
    """The version the person saw, so that a concurrent change is detected, not overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class DemandeForm(DocumentsMixin, VersionMixin, forms.ModelForm, DsfrBaseForm):
    thematiques = ChoixMultiplesDeModeles(
        label="Thématiques",
        help_text="Une ou plusieurs.",
        queryset=Thematique.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    programme = ChoixDeModele(
        label="Programme national",
        help_text="Si le projet s'inscrit dans un programme national.",
        queryset=ProgrammeNational.objects.filter(active=True),
        required=False,
        empty_label="Aucun",
    )
    budget_estime = forms.DecimalField(
        label="Budget estimé (en euros)",
        help_text="Montant total du projet, toutes taxes comprises. Exemple : 250000",
        required=False,
        min_value=Decimal(0),
        max_value=Decimal("999999999999"),
        decimal_places=0,
        localize=True,
    )
    echeance_souhaitee = forms.DateField(
        label="Échéance souhaitée",
        help_text="Date à laquelle vous aimeriez avoir une réponse ou démarrer.",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    documents = PlusieursFichiersField(label="Ajouter des documents", help_text=AIDE_DOCUMENTS)
    deja_joints = PiecesDejaJointesField()

    class Meta:
        model = Demande
        fields = [*CHAMPS_MODIFIABLES, "thematiques"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "besoin": forms.RadioSelect,
            "maturite": forms.RadioSelect,
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_telephone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "contact_nom": forms.TextInput(attrs={"autocomplete": "name"}),
        }
        help_texts = {
            "titre": "Un titre court et parlant. Exemple : Rénovation de l'école du centre",
            "description": "Le projet, ses objectifs, ce qui est déjà fait, ce qui bloque.",
            "contact_email": "Format attendu : nom@domaine.fr",
            "contact_telephone": "Exemple : 03 84 00 00 00",
        }

    def __init__(
        self, *args, user, deposer=False, pieces_existantes=0, collectivites=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.deposer = deposer
        self._choisir_la_collectivite(collectivites)
        self.preparer_documents(user=user, restant=max(NOMBRE_MAX - pieces_existantes, 0))
        self.fields["besoin"].choices = self.fields["besoin"].choices[1:]
        self.fields["maturite"].choices = self.fields["maturite"].choices[1:]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *(["collectivite"] if "collectivite" in self.fields else []),
            Fieldset("Le projet", "titre", "description"),
            Fieldset("Thématiques et programme", "thematiques", "programme"),
            Fieldset("Votre besoin", "besoin", "maturite"),
            Fieldset(
                "Budget et calendrier",
                Row(
                    Column("budget_estime", css_class="fr-col-12 fr-col-md-6"),
                    Column("echeance_souhaitee", css_class="fr-col-12 fr-col-md-6"),
                ),
            ),
            Fieldset(
                "Personne à contacter",
                "contact_nom",
                Row(
                    Column("contact_email", css_class="fr-col-12 fr-col-md-6"),
                    Column("contact_telephone", css_class="fr-col-12 fr-col-md-6"),
                ),
            ),
            Fieldset("Documents", "deja_joints", "documents"),
            Fieldset("Données ouvertes", "publier_donnees_ouvertes"),
            "version",
            HTML(
                '<p class="fr-text--sm">Un brouillon n\'est vu que par votre collectivité. '
                "Déposer la demande l'envoie à la préfecture et à la DDT.</p>"
            ),
        )
        # Fields needed to file are shown as required; a draft may leave them empty (full_clean).
        self.requis_pour_deposer = list(REQUIS_POUR_DEPOSER)
        for champ, message in REQUIS_POUR_DEPOSER.items():
            self.fields[champ].required = True
            self.fields[champ].error_messages["required"] = message
        self.helper.add_input(Bouton("deposer", "Déposer la demande"))
        self.helper.add_input(BoutonSecondaire("brouillon", "Enregistrer le brouillon"))

    def _choisir_la_collectivite(self, collectivites):
        """A person who files for several collectivités says for which one, every time: the
        field comes with no choice made. One collectivité: no field. A draft keeps its own."""
        if self.instance.pk or collectivites is None or collectivites.count() < 2:
            return
        self.fields["collectivite"] = ChoixDeModele(
            label="Collectivité pour laquelle vous déposez",
            help_text="Vous êtes rattaché à plusieurs collectivités : choisissez la bonne.",
            queryset=collectivites,
            empty_label="Choisir une collectivité",
            error_messages={
                "required": "Choisissez la collectivité pour laquelle vous déposez.",
                "invalid_choice": (
                    "Cette collectivité n'est pas l'une des vôtres : choisissez-en une dans "
                    "la liste."
                ),
            },
        )

    def full_clean(self):
        if self.deposer:
            return super().full_clean()
        for champ in self.requis_pour_deposer:
            self.fields[champ].required = champ == "titre"
        try:
            return super().full_clean()
        finally:
            for champ in self.requis_pour_deposer:
                self.fields[champ].required = True

    def clean_titre(self):
        titre = self.cleaned_data["titre"].strip()
        if not titre:
            raise ValidationError("Indiquez le titre du projet.")
        return titre

    def clean_echeance_souhaitee(self):
        echeance = self.cleaned_data.get("echeance_souhaitee")
        if echeance is None:
            return echeance
        aujourd_hui = timezone.localdate()
        if echeance < aujourd_hui:
            raise ValidationError("L'échéance souhaitée ne peut pas être passée.")
        if echeance > aujourd_hui + datetime.timedelta(days=365 * 20):
            raise ValidationError("L'échéance souhaitée doit être dans les vingt ans qui viennent.")
        return echeance

    def clean_contact_telephone(self):
        telephone = self.cleaned_data["contact_telephone"].strip()
        if telephone and not TELEPHONE.match(telephone):
            raise ValidationError("Numéro de téléphone invalide. Exemple : 03 84 00 00 00")
        return telephone

    def clean(self):
        donnees = super().clean()
        if self.deposer:
            manquants = champs_manquants_pour_depot(donnees, donnees.get("thematiques"))
            for champ, message in manquants.items():
                if champ not in self.errors:
                    self.add_error(champ, message)
        return donnees


class DemandePourLeCompteForm(DemandeForm):
    """A State agent files for a collectivité that asked by phone, letter, email or in a
    meeting: which collectivité (any of the agent's départements), how it asked, then the
    demande as it would have filed it. Filed at once: a draft would be seen by nobody."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, deposer=True, **kwargs)
        self.fields["collectivite"] = ChoixDeModele(
            label="Collectivité",
            help_text="Celle pour le compte de laquelle vous déposez.",
            queryset=Collectivite.objects.filter(dans_ses_departements(self.user)).order_by(
                "nom", "type"
            ),
            empty_label="Choisir une collectivité",
            error_messages={
                "required": "Choisissez la collectivité pour le compte de laquelle vous déposez.",
                "invalid_choice": (
                    "Cette collectivité n'existe pas : choisissez-en une dans la liste."
                ),
            },
        )
        # A commune and its EPCI may share a name: the type tells them apart.
        self.fields["collectivite"].label_from_instance = lambda collectivite: (
            f"{collectivite.nom} ({collectivite.get_type_display()})"
        )
        self.fields["canal"] = forms.ChoiceField(
            label="La collectivité a fait sa demande par",
            choices=Canal.choices,
            widget=forms.RadioSelect,
            error_messages={
                "required": "Indiquez comment la collectivité a fait sa demande.",
                "invalid_choice": "Choisissez l'un des moyens proposés.",
            },
        )
        self.fields["contact_nom"].help_text = "À la collectivité : qui l'État doit rappeler."
        layout = self.helper.layout
        layout.fields = [
            Fieldset("La collectivité", "collectivite", "canal"),
            *(champ for champ in layout.fields if not isinstance(champ, HTML)),
            HTML(
                '<p class="fr-text--sm">La demande est déposée aussitôt : la préfecture, la DDT '
                "et les membres de la collectivité en sont informés. Un membre de la "
                "collectivité pourra la reprendre et en devenir le contact.</p>"
            ),
        ]
        self.helper.inputs = [Bouton("deposer", "Déposer pour la collectivité")]


class ReponseComplementForm(DocumentsMixin, VersionMixin, DsfrBaseForm):
    """One answer per point asked, plus documents."""

    documents = PlusieursFichiersField(label="Documents complémentaires", help_text=AIDE_DOCUMENTS)
    deja_joints = PiecesDejaJointesField()

    def __init__(self, *args, complement, user, pieces_existantes=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.points = list(complement.points.all())
        champs = {}
        for numero, point in enumerate(self.points, start=1):
            champs[f"point_{point.pk}"] = forms.CharField(
                label=f"Point {numero} : {point.question}",
                help_text=f"Motif : {MotifComplement(point.motif).label}",
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"required": "Répondez à ce point."},
            )
        self.fields = {
            **champs,
            "deja_joints": self.fields["deja_joints"],
            "documents": self.fields["documents"],
            "version": self.fields["version"],
        }
        self.preparer_documents(user=user, restant=max(NOMBRE_MAX - pieces_existantes, 0))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset("Vos réponses", *champs),
            Fieldset("Documents", "deja_joints", "documents"),
            "version",
        )
        self.helper.add_input(Bouton("envoyer", "Envoyer les compléments"))

    def reponses(self):
        return {point.pk: self.cleaned_data[f"point_{point.pk}"] for point in self.points}


class MessageForm(DocumentsMixin, DsfrBaseForm):
    texte = forms.CharField(
        label="Votre message",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Écrivez un message."},
    )
    interne = forms.BooleanField(
        label="Note interne (jamais visible de la collectivité, pas plus que ses pièces jointes)",
        required=False,
    )
    deja_joints = PiecesDejaJointesField()
    documents = PlusieursFichiersField(
        label="Pièces jointes",
        help_text=AIDE_PIECES_DU_MESSAGE,
        limite=f"Un message compte au plus {NOMBRE_MAX} documents",
    )

    def __init__(self, *args, user, peut_ecrire_interne=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not peut_ecrire_interne:
            del self.fields["interne"]
        self.preparer_documents(user=user, restant=NOMBRE_MAX)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Bouton("envoyer_message", "Envoyer le message"))

    def clean_texte(self):
        texte = self.cleaned_data["texte"].strip()
        if not texte:
            raise ValidationError("Écrivez un message.")
        return texte


class AjoutDocumentsForm(DocumentsMixin, DsfrBaseForm):
    """The collectivité adds documents to its filed demande."""

    deja_joints = PiecesDejaJointesField()
    documents = PlusieursFichiersField(label="Ajouter des documents", help_text=AIDE_DOCUMENTS)

    def __init__(self, *args, user, pieces_existantes, **kwargs):
        # Its own ids: the message form on the same page has a « documents » field too.
        kwargs.setdefault("auto_id", "id_ajout_%s")
        super().__init__(*args, **kwargs)
        self.preparer_documents(user=user, restant=max(NOMBRE_MAX - pieces_existantes, 0))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(BoutonSecondaire("ajouter_documents", "Ajouter ces documents"))

    def clean(self):
        donnees = super().clean()
        if not self.errors and not (donnees.get("documents") or donnees.get("deja_joints")):
            self.add_error("documents", "Choisissez au moins un document.")
        return donnees


class ConfirmationForm(VersionMixin, DsfrBaseForm):
    """An action that needs only the person's confirmation (and the version seen)."""


class AssignerForm(VersionMixin, DsfrBaseForm):
    referent = ChoixDeModele(
        label="Confier la demande à",
        queryset=User.objects.none(),
        empty_label="Choisir un agent",
        error_messages={"required": "Choisissez l'agent à qui confier la demande."},
    )

    def __init__(self, *args, departement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"].queryset = destinataires.agents_de_l_etat([departement])
        self.helper = helper_avec_bouton("Confier la demande")


NOMBRE_POINTS = 3


class ComplementForm(VersionMixin, DsfrBaseForm):
    """Up to three points, each with its reason; empty rows are ignored."""

    message = forms.CharField(
        label="Message à la collectivité",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lignes = []
        for numero in range(1, NOMBRE_POINTS + 1):
            self.fields[f"question_{numero}"] = forms.CharField(
                label=f"Point {numero} : ce qui est demandé",
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"motif_{numero}"] = forms.ChoiceField(
                label=f"Motif du point {numero}",
                required=False,
                choices=[("", "Choisir un motif"), *MotifComplement.choices],
            )
            lignes.append(Fieldset(f"Point {numero}", f"question_{numero}", f"motif_{numero}"))
        self.helper = helper_avec_bouton("Demander ces compléments")
        self.helper.layout = Layout("message", *lignes, "version")

    def clean(self):
        donnees = super().clean()
        points = []
        for numero in range(1, NOMBRE_POINTS + 1):
            question = (donnees.get(f"question_{numero}") or "").strip()
            motif = donnees.get(f"motif_{numero}")
            if question and not motif:
                self.add_error(f"motif_{numero}", "Indiquez le motif de ce point.")
            elif motif and not question:
                self.add_error(f"question_{numero}", "Décrivez ce qui est demandé.")
            elif question:
                points.append((question, motif))
        if not points and not self.errors:
            self.add_error("question_1", "Indiquez au moins un point à compléter.")
        donnees["points"] = points
        return donnees


class MotifForm(VersionMixin, DsfrBaseForm):
    motif = forms.CharField(
        label="Motif",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Indiquez le motif."},
    )

    def __init__(self, *args, bouton, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_avec_bouton(bouton)

    def clean_motif(self):
        motif = self.cleaned_data["motif"].strip()
        if not motif:
            raise ValidationError("Indiquez le motif.")
        return motif


class OrientationForm(VersionMixin, DsfrBaseForm):
    operateurs = ChoixMultiplesDeModeles(
        label="Opérateurs",
        help_text="Les mieux placés d'abord, selon les règles d'orientation et les "
        "accompagnements acceptés sur les mêmes thématiques.",
        queryset=Operateur.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins un opérateur."},
    )
    message = forms.CharField(
        label="Message pour les opérateurs",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, suggestions, deja_orientes=(), **kwargs):
        super().__init__(*args, **kwargs)
        champ = self.fields["operateurs"]
        ordre = [s.operateur.pk for s in suggestions if s.operateur.pk not in deja_orientes]
        champ.queryset = Operateur.objects.filter(pk__in=ordre)
        libelles = {s.operateur.pk: ChoixAvecAide(s.operateur.nom, s.raison) for s in suggestions}
        rangs = {pk: rang for rang, pk in enumerate(ordre)}
        champ.choices = sorted(
            ((pk, libelles[pk]) for pk in ordre), key=lambda choix: rangs[choix[0]]
        )
        self.helper = helper_avec_bouton("Orienter la demande")


class SourdineForm(forms.Form):
    """The state the button asks for, not a switch: a second click asks for the same."""

    # A hidden field: "0" and "false" read as no (a checkbox would read them as yes).
    en_sourdine = forms.BooleanField(required=False, widget=forms.HiddenInput)
