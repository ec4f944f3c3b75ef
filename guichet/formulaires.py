"""Form helpers: DSFR buttons for crispy, bounded identifiers."""

import re

from crispy_forms.layout import Submit


class Bouton(Submit):
    field_classes = "fr-btn"


class BoutonSecondaire(Submit):
    field_classes = "fr-btn fr-btn--secondary"


# Identifiers posted or put in a URL are compared with 64-bit columns: a longer number makes
# SQLite raise OverflowError and PostgreSQL a DataError, both 500s. Refuse them as what they
# are: an unknown choice (forms) or an unknown page (URLs).
PLUS_GRAND_IDENTIFIANT = 2**63 - 1


def _hors_limites(valeur):
    texte = str(valeur).strip()
    return texte.lstrip("-").isdigit() and abs(int(texte)) > PLUS_GRAND_IDENTIFIANT


def proteger_les_choix_de_modeles():
    """Make every model choice field (Django's and django-filter's) refuse huge identifiers."""
    from django.core.exceptions import ValidationError
    from django.forms import ModelChoiceField, ModelMultipleChoiceField

    if getattr(ModelChoiceField, "_identifiants_proteges", False):
        return
    to_python = ModelChoiceField.to_python
    check_values = ModelMultipleChoiceField._check_values

    def to_python_borne(self, value):
        if value not in self.empty_values and _hors_limites(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return to_python(self, value)

    def check_values_borne(self, value):
        for choix in value or ():
            if _hors_limites(choix):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": choix},
                )
        return check_values(self, value)

    ModelChoiceField.to_python = to_python_borne
    ModelMultipleChoiceField._check_values = check_values_borne
    ModelChoiceField._identifiants_proteges = True


class IdentifiantConverter:
    """``<id:pk>`` in URLs: at most 18 digits, so any value fits a 64-bit column."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


def est_un_identifiant(valeur):
    """Whether ``valeur``, posted or read from a URL, can be a row's identifier: what ``<id:pk>``
    accepts. « ² » or Arabic-Indic digits (digits for ``str.isdigit()``), « 1.5 » or 30 digits
    never are."""
    return isinstance(valeur, str) and re.fullmatch(IdentifiantConverter.regex, valeur) is not None
