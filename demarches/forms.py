from django import forms

from .models import Demarche


class PreparerDossierForm(forms.Form):
    demarche = forms.ModelChoiceField(
        label="Démarche",
        queryset=Demarche.objects.filter(active=True),
        error_messages={
            "required": "Choisissez la démarche.",
            "invalid_choice": "Cette démarche n'est pas proposée : choisissez-en une de la liste.",
        },
    )
