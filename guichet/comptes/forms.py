from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm

from guichet.comptes import proconnect
from guichet.comptes.roles import est_agent_de_l_etat
from guichet.formulaires import ChoixDeModele, helper_avec_bouton
from guichet.territoire.models import Collectivite, TypeCollectivite


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
        self.helper = helper_avec_bouton("Se connecter")

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
        self.helper = helper_avec_bouton("Recevoir le lien")

    def get_users(self, email):
        # Email is stored lower-case; the lookup must not depend on how people type it.
        return super().get_users(email.strip().lower())


class NouveauMotDePasseForm(auth_forms.SetPasswordForm, DsfrBaseForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Nouveau mot de passe"
        self.fields["new_password2"].label = "Confirmation du nouveau mot de passe"
        self.helper = helper_avec_bouton("Enregistrer le mot de passe")


class ChangementMotDePasseForm(auth_forms.PasswordChangeForm, DsfrBaseForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Mot de passe actuel"
        self.fields["new_password1"].label = "Nouveau mot de passe"
        self.fields["new_password2"].label = "Confirmation du nouveau mot de passe"
        self.helper = helper_avec_bouton("Changer le mot de passe")


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
        self.helper = helper_avec_bouton(bouton)


class CollectiviteChoix(ChoixDeModele):
    def label_from_instance(self, obj):
        return f"{obj.nom} ({obj.get_type_display()}, SIREN {obj.siren})" if obj.siren else obj.nom


class DemandeAccesForm(DsfrBaseForm):
    collectivite = CollectiviteChoix(
        label="Collectivité",
        help_text="Votre commune ou votre intercommunalité (EPCI).",
        queryset=Collectivite.objects.filter(
            type__in=[TypeCollectivite.COMMUNE, TypeCollectivite.EPCI]
        ).order_by("nom"),
        empty_label="Choisissez la collectivité",
        error_messages={"required": "Choisissez la collectivité."},
    )
    fonction = forms.CharField(
        label="Votre fonction",
        help_text="Par exemple : maire, adjointe, secrétaire de mairie, chargé de mission.",
        max_length=150,
        error_messages={"required": "Indiquez votre fonction."},
    )
    message = forms.CharField(
        label="Message à la préfecture",
        help_text="Facultatif : ce qui aidera à valider votre demande.",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_avec_bouton("Envoyer la demande d'accès")


class RefusAccesForm(DsfrBaseForm):
    motif = forms.CharField(
        label="Motif du refus",
        help_text="La personne le lira dans le courriel qui l'informe du refus.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Indiquez le motif du refus : la personne le lira."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_avec_bouton("Refuser la demande")

    def clean_motif(self):
        motif = self.cleaned_data["motif"].strip()
        if not motif:
            raise forms.ValidationError("Indiquez le motif du refus : la personne le lira.")
        return motif


class InvitationForm(DsfrBaseForm):
    email = forms.EmailField(
        label="Adresse électronique du collègue",
        help_text="Format attendu : nom@domaine.fr",
        max_length=254,
        error_messages={
            "required": "Indiquez l'adresse électronique à inviter.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@domaine.fr.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    fonction = forms.CharField(
        label="Sa fonction",
        help_text="Facultatif. Par exemple : secrétaire de mairie, chargée de mission.",
        max_length=150,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_avec_bouton("Envoyer l'invitation")


class CompteInviteForm(auth_forms.SetPasswordForm, DsfrBaseForm):
    """The invited person's name and password, for an account created by the invitation."""

    prenom = forms.CharField(
        label="Prénom", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    nom = forms.CharField(
        label="Nom", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    # Declared here, not relabelled in __init__: the DSFR form makes its bound fields, which
    # copy the labels, as soon as it is built.
    new_password1, new_password2 = auth_forms.SetPasswordMixin.create_password_fields(
        label1="Mot de passe", label2="Confirmation du mot de passe"
    )
    field_order = ["prenom", "nom", "new_password1", "new_password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_avec_bouton("Créer mon compte et rejoindre")
