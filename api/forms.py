import ipaddress
import socket
from urllib.parse import urlsplit

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from dsfr.forms import DsfrBaseForm

from guichet.formulaires import Bouton

from .models import Portee, TypeEvenementWebhook


def _cle(organisation):
    if organisation.operateur is not None:
        return f"operateur-{organisation.operateur.pk}"
    return f"service-{organisation.service}-{organisation.departement.code}"


class _AvecOrganisation(DsfrBaseForm):
    organisation = forms.ChoiceField(label="Organisation")

    def __init__(self, *args, organisations, bouton, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {_cle(o): o for o in organisations}
        self.fields["organisation"].choices = [(c, o.nom) for c, o in self.organisations.items()]
        if len(self.organisations) == 1:
            # One organisation: nothing to choose.
            del self.fields["organisation"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Bouton("valider", bouton))

    def organisation_choisie(self):
        if "organisation" not in self.fields:
            return next(iter(self.organisations.values()))
        return self.organisations[self.cleaned_data["organisation"]]


class JetonForm(_AvecOrganisation):
    nom = forms.CharField(
        label="Nom du jeton",
        help_text="Ce à quoi il sert, par exemple « Synchronisation avec notre outil de suivi ».",
        max_length=100,
        error_messages={"required": "Donnez un nom au jeton."},
    )
    portee = forms.ChoiceField(
        label="Portée",
        choices=Portee.choices,
        initial=Portee.LECTURE,
        widget=forms.RadioSelect,
        help_text="« Lecture et écriture » permet de répondre aux orientations.",
    )


def adresse_publique(url):
    """Whether ``url``'s host resolves to public addresses only (no loopback, private, link-local
    network: the portal must not be made to call its own network)."""
    hote = urlsplit(url).hostname or ""
    try:
        adresses = {info[4][0] for info in socket.getaddrinfo(hote, None)}
    except (socket.gaierror, UnicodeError):
        return False
    return all(ipaddress.ip_address(a.split("%")[0]).is_global for a in adresses)


class AbonnementForm(_AvecOrganisation):
    url = forms.URLField(
        label="Adresse de réception",
        help_text="Une adresse HTTPS publique, qui répond 2xx en moins de cinq secondes.",
        max_length=500,
        assume_scheme="https",
        error_messages={"required": "Indiquez l'adresse qui recevra les événements."},
    )
    evenements = forms.MultipleChoiceField(
        label="Événements",
        choices=TypeEvenementWebhook.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins un événement."},
    )

    def clean_url(self):
        url = self.cleaned_data["url"]
        if settings.WEBHOOKS_ADRESSES_LOCALES:
            return url
        if urlsplit(url).scheme != "https":
            raise forms.ValidationError("L'adresse doit commencer par https://.")
        if not adresse_publique(url):
            raise forms.ValidationError("Cette adresse n'est pas joignable depuis Internet.")
        return url
