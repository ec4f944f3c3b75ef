"""What the dashboard's field snippet (``_partials/champ.html``) reads of a form field."""

from django import template
from django.forms import ModelChoiceField

register = template.Library()


def _choix(champ):
    """The field's ``(value, label)`` pairs. A model's choices are read as one plain query: the
    field's own iterator reads its queryset with ``iterator()``, which on PostgreSQL opens a
    server-side cursor (three round trips) for a dozen colleagues or labels."""
    if not isinstance(champ, ModelChoiceField):
        return champ.choices
    vide = [] if champ.empty_label is None else [("", champ.empty_label)]
    return vide + [
        (champ.prepare_value(objet), champ.label_from_instance(objet)) for objet in champ.queryset
    ]


@register.filter
def options(champ):
    """The choices of a select or of checkboxes (``champ``, a bound field), each as
    ``(value, label, chosen)``, read from the field's choices and the value sent.

    Django's widgets build each option through ``subwidgets``, a dictionary of attributes
    copied per option, for the filters' 150 options. The field still parses and validates what
    is sent; this only lists what to write."""
    valeur = champ.value()
    if isinstance(valeur, (list, tuple)):
        choisies = {str(v) for v in valeur}
    else:
        choisies = {"" if valeur is None else str(valeur)}
    return [(str(cle), libelle, str(cle) in choisies) for cle, libelle in _choix(champ.field)]
