"""The forms after the decision; each refusal of the services lands next to its field."""

from django import forms
from dsfr.forms import DsfrBaseForm

from guichet.formulaires import helper_avec_bouton

from .models import EtatAction, Issue, Porteur


def _cle_du_porteur(porteur, operateur):
    return f"operateur-{operateur.pk}" if operateur else str(porteur)


class ActionForm(DsfrBaseForm):
    """An action of the plan. ``permis`` are the ``(porteur, operateur)`` the person may give
    it (``regles.porteurs_permis``); ``porteur_et_operateur()`` reads the choice back."""

    libelle = forms.CharField(
        label="Action",
        max_length=200,
        help_text="Ce qui doit être fait, en une phrase (« Déposer le dossier DETR »).",
        error_messages={"required": "Décrivez l'action."},
    )
    porteur = forms.ChoiceField(
        label="Porteur", error_messages={"required": "Choisissez qui porte l'action."}
    )
    echeance = forms.DateField(
        label="Échéance",
        help_text="Au format jj/mm/aaaa.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Indiquez l'échéance de l'action.",
            "invalid": "Indiquez une date valide, par exemple 31/03/2027.",
        },
    )
    etat = forms.ChoiceField(
        label="État",
        choices=EtatAction.choices,
        initial=EtatAction.A_FAIRE,
        error_messages={"required": "Choisissez l'état de l'action."},
    )
    commentaire = forms.CharField(
        label="Commentaire",
        required=False,
        max_length=2000,
        help_text="Ce qui bloque, ce qui a été fait.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, permis, bouton="Ajouter l'action", **kwargs):
        super().__init__(*args, **kwargs)
        self.par_cle = {_cle_du_porteur(p, o): (p, o) for p, o in permis}
        self.fields["porteur"].choices = [
            (cle, o.nom if o else Porteur(p).label) for cle, (p, o) in self.par_cle.items()
        ]
        self.fields["echeance"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        self.helper = helper_avec_bouton(bouton)

    @classmethod
    def initial_de(cls, action):
        return {
            "libelle": action.libelle,
            "porteur": _cle_du_porteur(action.porteur, action.operateur),
            "echeance": action.echeance,
            "etat": action.etat,
            "commentaire": action.commentaire,
            "version": action.version,
        }

    def porteur_et_operateur(self):
        return self.par_cle[self.cleaned_data["porteur"]]


class PointEtapeForm(DsfrBaseForm):
    reponse = forms.CharField(
        label="Où en est votre projet ?",
        max_length=3000,
        help_text="Quelques lignes : ce qui avance, ce qui bloque, ce dont vous avez besoin.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Dites en quelques lignes où en est le projet."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_avec_bouton("Envoyer le point d'étape")


class ClotureForm(DsfrBaseForm):
    issue = forms.ChoiceField(
        label="Issue du projet",
        choices=Issue.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez l'issue du projet."},
    )
    montant_obtenu = forms.IntegerField(
        label="Financement obtenu (€)",
        required=False,
        min_value=0,
        max_value=999_999_999_999,
        help_text="Montant total des aides obtenues, en euros, sans centimes.",
        error_messages={
            "invalid": "Indiquez un montant en euros, en chiffres (par exemple 120000).",
            "min_value": "Le montant obtenu ne peut pas être négatif.",
            "max_value": "Ce montant est trop élevé.",
        },
    )
    financeurs = forms.CharField(
        label="Financeurs",
        required=False,
        max_length=300,
        help_text="Par exemple : DETR, Région Bourgogne-Franche-Comté, Banque des Territoires.",
    )
    commentaire = forms.CharField(
        label="Commentaire",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Lu par la collectivité et ceux qui voient la demande.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_avec_bouton("Clôturer la demande")


class SatisfactionForm(DsfrBaseForm):
    satisfaction = forms.TypedChoiceField(
        label="Votre satisfaction sur l'accompagnement",
        coerce=int,
        choices=[
            (1, "1 — Pas du tout satisfait"),
            (2, "2 — Peu satisfait"),
            (3, "3 — Moyennement satisfait"),
            (4, "4 — Satisfait"),
            (5, "5 — Très satisfait"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez une note de 1 à 5.",
            "invalid_choice": "Choisissez une note de 1 à 5.",
        },
    )
    commentaire = forms.CharField(
        label="Commentaire",
        required=False,
        max_length=2000,
        help_text="Ce qui a aidé, ce qui a manqué.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_avec_bouton("Donner mon avis")
