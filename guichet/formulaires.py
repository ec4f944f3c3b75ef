"""Form helpers: DSFR buttons for crispy, bounded identifiers, selects rendered quickly."""

import re

from crispy_forms.layout import Submit
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import ModelChoiceField, ModelMultipleChoiceField, Select, SelectMultiple
from django.forms.models import ModelChoiceIterator


class Bouton(Submit):
    field_classes = "fr-btn"


class BoutonSecondaire(Submit):
    field_classes = "fr-btn fr-btn--secondary"


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


class _RenduDirect:
    """A select written in Python rather than through a template per option.

    Django renders each ``<option>`` with two template includes: on the dashboard's filters
    (the 101 communes, the themes, the agents…) that was a quarter of the page's time. Same
    markup, same context (``get_context``), so attributes and selection behave as Django's.
    """

    def render(self, name, value, attrs=None, renderer=None):
        from django.forms.utils import flatatt
        from django.utils.html import format_html, format_html_join

        widget = self.get_context(name, value, attrs)["widget"]
        morceaux = []
        for groupe, options, _ in widget["optgroups"]:
            rendu = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (
                        "" if option["value"] is None else option["value"],
                        flatatt(option["attrs"]),
                        option["label"],
                    )
                    for option in options
                ),
            )
            morceaux.append(
                format_html('<optgroup label="{}">{}</optgroup>', groupe, rendu)
                if groupe
                else rendu
            )
        attributs = dict(widget["attrs"])
        if self.allow_multiple_selected:
            attributs["multiple"] = True
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(attributs),
            format_html_join("", "{}", ((morceau,) for morceau in morceaux)),
        )


class ListeDeroulante(_RenduDirect, Select):
    pass


class ListeDeroulanteMultiple(_RenduDirect, SelectMultiple):
    pass


class ChoixEnUneRequete(ModelChoiceIterator):
    """A model select's options read in one query, as any queryset is.

    Django reads them with ``QuerySet.iterator()``, which on PostgreSQL opens a server-side
    cursor (``DECLARE``, ``FETCH``, ``CLOSE``: three round trips) for a few dozen rows.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for objet in self.queryset.all():
            yield self.choice(objet)


def choix_en_une_requete(formulaire):
    """Make the model selects of ``formulaire`` read their options with ``ChoixEnUneRequete``."""
    for champ in formulaire.fields.values():
        if isinstance(champ, ModelChoiceField):
            champ.iterator = ChoixEnUneRequete
            champ.widget.choices = champ.choices
