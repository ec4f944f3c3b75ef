from crispy_forms.helper import FormHelper
from django import forms
from dsfr.forms import DsfrBaseForm

from guichet.formulaires import Bouton
from guichet.notifications.models import Frequence


class PreferenceForm(DsfrBaseForm):
    frequence = forms.ChoiceField(
        label="Recevoir les notifications par courriel",
        help_text="Les notifications restent toutes visibles dans le guichet.",
        choices=Frequence.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Bouton("enregistrer", "Enregistrer"))
