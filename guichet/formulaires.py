"""Crispy layout objects that render as DSFR buttons (crispy's own carry Bootstrap classes)."""

from crispy_forms.layout import Submit


class Bouton(Submit):
    field_classes = "fr-btn"


class BoutonSecondaire(Submit):
    field_classes = "fr-btn fr-btn--secondary"
