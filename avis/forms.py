from django import forms
from dsfr.forms import DsfrBaseForm

from demandes.fichiers import NOMBRE_MAX
from demandes.forms import AIDE_PIECES_DU_MESSAGE, PlusieursFichiersField
from guichet.formulaires import helper_avec_bouton


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class DemandeAvisForm(DsfrBaseForm):
    expert_nom = forms.CharField(label="Nom de l'expert", max_length=150)
    expert_organisme = forms.CharField(
        label="Organisme",
        max_length=150,
        help_text="Un opérateur, un service de l'État (DREAL, ARS, DDFiP…), le CAUE, l'agence "
        "d'ingénierie du Département…",
    )
    expert_email = forms.EmailField(
        label="Adresse électronique de l'expert",
        help_text="L'expert y reçoit un lien personnel pour répondre, sans créer de compte.",
    )
    question = forms.CharField(
        label="Question posée", max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    date_limite = forms.DateField(label="Date limite de réponse", widget=DateInput())
    confidentiel = forms.BooleanField(
        label="Avis confidentiel",
        required=False,
        help_text="Lu par la préfecture et la DDT seulement : jamais par la collectivité, les "
        "opérateurs ni le comité. Sinon l'avis, une fois rendu, est lu par tous ceux qui voient "
        "la demande.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_avec_bouton("Envoyer la demande d'avis")


class RedemanderAvisForm(DsfrBaseForm):
    date_limite = forms.DateField(
        label="Nouvelle date limite",
        required=False,
        widget=DateInput(),
        help_text="Laissez vide pour garder la date limite actuelle.",
    )


class ReponseAvisForm(DsfrBaseForm):
    reponse = forms.CharField(
        label="Votre avis", max_length=20000, widget=forms.Textarea(attrs={"rows": 10})
    )
    documents = PlusieursFichiersField(
        label="Documents",
        help_text=AIDE_PIECES_DU_MESSAGE.replace("par message", "par avis"),
        limite=f"Un avis compte au plus {NOMBRE_MAX} documents",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_avec_bouton("Envoyer mon avis")
