from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm

from guichet.comptes import proconnect
from guichet.comptes.roles import est_agent_de_l_etat
from guichet.formulaires import Bouton


def _helper(texte_bouton):
    helper = FormHelper()
    helper.form_tag = False
    helper.add_input(Bouton("valider", texte_bouton))
    return helper


class ConnexionForm(auth_forms.AuthenticationForm, DsfrBaseForm):
    username = forms.EmailField(
        label="Adresse électronique",
        help_text="Format attendu : nom@domaine.fr",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": (
            "Adresse électronique ou mot de passe incorrect. Vérifiez votre saisie : "
            "le mot de passe distingue les majuscules des minuscules."
        ),
        "inactive": "Ce compte est désactivé. Contactez l'administrateur du guichet unique.",
        "agent_de_l_etat": (
            "Les agents de l'État se connectent au guichet unique avec ProConnect : utilisez "
            "le bouton « S'identifier avec ProConnect » au-dessus de ce formulaire."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Se connecter")

    def confirm_login_allowed(self, user):
        """Refuse the password to State staff when ``CONNEXION_MOT_DE_PASSE_AGENTS_ETAT`` is off.

        Django calls this only once the password is right: whoever does not know it gets the
        usual « incorrect » answer and learns nothing of the account or of its role.
        """
        super().confirm_login_allowed(user)
        if (
            not settings.CONNEXION_MOT_DE_PASSE_AGENTS_ETAT
            and proconnect.est_configure()
            and est_agent_de_l_etat(user)
        ):
            raise ValidationError(self.error_messages["agent_de_l_etat"], code="agent_de_l_etat")


class DemandeReinitialisationForm(auth_forms.PasswordResetForm, DsfrBaseForm):
    email = forms.EmailField(
        label="Adresse électronique",
        help_text="Celle de votre compte. Format attendu : nom@domaine.fr",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Recevoir le lien")

    def get_users(self, email):
        # Email is stored lower-case; the lookup must not depend on how people type it.
        return super().get_users(email.strip().lower())


class NouveauMotDePasseForm(auth_forms.SetPasswordForm, DsfrBaseForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Nouveau mot de passe"
        self.fields["new_password2"].label = "Confirmation du nouveau mot de passe"
        self.helper = _helper("Enregistrer le mot de passe")


class ChangementMotDePasseForm(auth_forms.PasswordChangeForm, DsfrBaseForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Mot de passe actuel"
        self.fields["new_password1"].label = "Nouveau mot de passe"
        self.fields["new_password2"].label = "Confirmation du nouveau mot de passe"
        self.helper = _helper("Changer le mot de passe")


class CodeDeVerificationForm(DsfrBaseForm):
    """The six digits an authenticator app shows now."""

    code = forms.RegexField(
        label="Code à six chiffres",
        help_text="Affiché par votre application d'authentification. Exemple : 123456",
        regex=r"^\s*[0-9]{6}\s*$",
        strip=True,
        error_messages={
            "required": "Saisissez le code à six chiffres de votre application.",
            "invalid": "Le code compte six chiffres, sans lettre. Exemple : 123456",
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, bouton, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(bouton)
