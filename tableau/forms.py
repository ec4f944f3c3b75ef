"""The dashboard's forms: the optional columns, the bulk actions on the checked demandes and a
saved view."""

from django import forms
from dsfr.forms import DsfrBaseForm

from demandes import destinataires
from demandes.models import Demande, Etiquette
from guichet.comptes.models import User
from guichet.formulaires import ChoixDeModele, ChoixMultiplesDeModeles

from .models import VueEnregistree

# The table's optional columns, by key: the reference, the demande (title, collectivité, badges),
# the status, the referent and the wait are always shown, and fit a 1280 px screen.
COLONNES_OPTIONNELLES = {
    "depot": "Déposée le",
    "thematiques": "Thématiques",
    "operateurs": "Opérateurs",
}


class ColonnesForm(DsfrBaseForm):
    """The optional columns the agent chose to show: in the URL like the filters, hence in
    bookmarks and saved views."""

    colonnes = forms.MultipleChoiceField(
        label="Colonnes affichées",
        help_text="En plus de la référence, de la demande, du statut, du référent et de l'attente.",
        required=False,
        choices=list(COLONNES_OPTIONNELLES.items()),
        widget=forms.CheckboxSelectMultiple,
    )

    def affichees(self):
        """The keys of the optional columns to show (none when the choice is invalid)."""
        return set(self.cleaned_data["colonnes"]) if self.is_valid() else set()


class ActionGroupeeForm(DsfrBaseForm):
    ACTIONS = [
        ("prendre_en_charge", "Prendre en charge"),
        ("assigner", "Confier à…"),
        ("suivre", "Suivre"),
        ("ne_plus_suivre", "Ne plus suivre"),
        ("etiqueter", "Poser l'étiquette…"),
        ("retirer_etiquette", "Retirer l'étiquette…"),
    ]

    # The rows' checkboxes, written by the table itself.
    demandes = ChoixMultiplesDeModeles(
        queryset=Demande.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": "Cochez au moins une demande."},
    )
    action = forms.ChoiceField(label="Action", choices=ACTIONS)
    referent = ChoixDeModele(
        label="Agent (pour « Confier à… »)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Choisir un agent",
    )
    etiquette = ChoixDeModele(
        label="Étiquette (pour poser ou retirer)",
        queryset=Etiquette.objects.none(),
        required=False,
        empty_label="Choisir une étiquette",
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("auto_id", "action-%s")  # the filters' form has its own referent…
        super().__init__(*args, **kwargs)
        self.fields["demandes"].queryset = Demande.objects.visibles_par(user)
        self.fields["referent"].queryset = destinataires.collegues(user)
        self.fields["etiquette"].queryset = Etiquette.objects.pour(user)

    def clean(self):
        donnees = super().clean()
        if donnees.get("action") == "assigner" and not donnees.get("referent"):
            self.add_error("referent", "Choisissez l'agent à qui confier la sélection.")
        if (
            donnees.get("action") in ("etiqueter", "retirer_etiquette")
            and not donnees.get("etiquette")
            and "etiquette" not in self.errors  # a value that is not one: already said
        ):
            self.add_error("etiquette", "Choisissez l'étiquette.")
        return donnees


class VueEnregistreeForm(DsfrBaseForm):
    """The filters in force (a query string), saved under a name."""

    nom = forms.CharField(
        label="Nom de la vue",
        max_length=VueEnregistree._meta.get_field("nom").max_length,
        error_messages={"required": "Donnez un nom à la vue pour l'enregistrer."},
    )
    parametres = forms.CharField(label="Filtres", required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "vue-%s")
        super().__init__(*args, **kwargs)
