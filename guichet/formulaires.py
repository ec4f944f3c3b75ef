"""Form helpers: DSFR buttons for crispy, bounded identifiers, choices with a hint."""

import re
from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import ModelChoiceField, ModelMultipleChoiceField


@dataclass(frozen=True)
class ChoixAvecAide:
    """The label of a checkbox or radio choice with a hint under it: django-dsfr's option
    templates show ``label``, then ``help_text`` as the DSFR hint inside the label."""

    label: str
    help_text: str

    def __str__(self):
        return self.label


class Bouton(Submit):
    field_classes = "fr-btn"


class BoutonSecondaire(Submit):
    field_classes = "fr-btn fr-btn--secondary"


def helper_avec_bouton(libelle, nom="valider"):
    """crispy's helper for a portal form: the page writes the ``<form>`` tag, crispy the fields
    and one DSFR submit button. Forms that share a page pass distinct ``nom``s, so that the
    buttons' ids stay unique."""
    helper = FormHelper()
    helper.form_tag = False
    helper.add_input(Bouton(nom, libelle))
    return helper


# An identifier is what a 64-bit column holds, written in ASCII digits. Django alone lets through
# what Python's int() reads (U+0661, the Arabic-Indic one, is 1; "1_0" is 10) and, on SQLite,
# crashes on a number past 2**63 in a multiple choice (an "IN" lookup: OverflowError, a 500).
IDENTIFIANT = re.compile(r"[0-9]{1,18}")


def _choix_invalide(champ, valeur):
    """True when ``valeur``, posted for ``champ``, cannot be the key of one of its objects."""
    if champ.to_field_name or isinstance(valeur, Model):
        return False
    return not IDENTIFIANT.fullmatch(str(valeur))


class ChoixDeModele(ModelChoiceField):
    """A ``ModelChoiceField`` that takes an identifier only in ASCII digits of 64 bits at most."""

    def to_python(self, value):
        if value not in self.empty_values and _choix_invalide(self, value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class ChoixMultiplesDeModeles(ModelMultipleChoiceField):
    """A ``ModelMultipleChoiceField`` whose identifiers are checked as ``ChoixDeModele``'s."""

    def clean(self, value):
        for choix in value if isinstance(value, (list, tuple)) else ():
            if _choix_invalide(self, choix):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": choix},
                )
        return super().clean(value)


class IdentifiantConverter:
    """``<id:pk>`` in URLs: at most 18 digits, so any value fits a 64-bit column."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)
