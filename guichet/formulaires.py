"""Form helpers: DSFR buttons for crispy, bounded identifiers, selects rendered quickly."""

from crispy_forms.layout import Submit
from django.forms import ModelChoiceField, Select, SelectMultiple
from django.forms.models import ModelChoiceIterator


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
    # isdecimal, not isdigit: int() refuses digits such as « ² » that isdigit accepts.
    return texte.lstrip("-").isdecimal() and abs(int(texte)) > PLUS_GRAND_IDENTIFIANT


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
