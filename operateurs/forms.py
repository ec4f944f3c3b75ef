from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm

from guichet.comptes.models import User
from guichet.formulaires import ChoixDeModele, helper_avec_bouton
from guichet.territoire.models import Collectivite, Departement, Thematique

from .equipes import membres_pour
from .models import StatutOrientation, TypeOffre


class FiltresBoiteForm(forms.Form):
    """The inbox's filters, read from the query string."""

    statut = forms.ChoiceField(
        choices=[c for c in StatutOrientation.choices if c[0] != StatutOrientation.DECLINEE],
        required=False,
    )
    thematique = ChoixDeModele(queryset=Thematique.objects.filter(active=True), required=False)
    departement = ChoixDeModele(queryset=Departement.objects.all(), required=False)
    commune = ChoixDeModele(queryset=Collectivite.objects.filter(type="commune"), required=False)

    def clean(self):
        """A commune names its département; one left from another département (the person
        changed the département and kept the commune) no longer filters."""
        donnees = super().clean()
        commune, departement = donnees.get("commune"), donnees.get("departement")
        if commune and not departement:
            donnees["departement"] = commune.departement
        elif commune and commune.departement_id != departement.pk:
            donnees["commune"] = None
        return donnees

    def criteres(self):
        """The filters to apply, by name: a value that names nothing filters nothing."""
        self.is_valid()
        return {nom: valeur for nom, valeur in self.cleaned_data.items() if valeur}


class AccepterForm(DsfrBaseForm):
    responsable = ChoixDeModele(
        label="Personne en charge",
        help_text="Vous, par défaut.",
        queryset=User.objects.none(),
        required=False,
        empty_label="Moi-même",
    )

    def __init__(self, *args, orientation, **kwargs):
        super().__init__(*args, **kwargs)
        # Those of the operator who follow the demande: its team in the département, if any.
        self.fields["responsable"].queryset = membres_pour(
            orientation.operateur, orientation.demande
        )
        self.helper = helper_avec_bouton("Accepter la demande")


class DeclinerForm(DsfrBaseForm):
    motif = forms.CharField(
        label="Pourquoi déclinez-vous ?",
        help_text="Lu par l'État seulement.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Indiquez pourquoi vous déclinez."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_avec_bouton("Décliner la demande")

    def clean_motif(self):
        motif = self.cleaned_data["motif"].strip()
        if not motif:
            raise ValidationError("Indiquez pourquoi vous déclinez.")
        return motif


class AvisForm(DsfrBaseForm):
    avis = forms.CharField(
        label="Votre avis sur le projet",
        help_text=(
            "Lu par l'État et le comité ; ni par la collectivité ni par les autres opérateurs."
        ),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Rédigez votre avis."},
    )
    type_offre = forms.ChoiceField(
        label="Type d'appui", choices=TypeOffre.choices, widget=forms.RadioSelect
    )
    montant = forms.DecimalField(
        label="Montant estimé (en euros)",
        required=False,
        min_value=0,
        max_value=999_999_999_999,
        decimal_places=0,
    )
    jours = forms.IntegerField(
        label="Jours d'ingénierie estimés", required=False, min_value=0, max_value=10_000
    )
    description = forms.CharField(
        label="L'appui proposé à la collectivité",
        help_text="Visible de la collectivité.",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Décrivez l'appui proposé."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_avec_bouton("Enregistrer l'avis et l'offre")
        self.helper.layout = Layout(
            Fieldset("Avis", "avis"),
            Fieldset(
                "Offre",
                "type_offre",
                Row(
                    Column("montant", css_class="fr-col-12 fr-col-md-6"),
                    Column("jours", css_class="fr-col-12 fr-col-md-6"),
                ),
                "description",
            ),
        )
