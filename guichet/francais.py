"""French grammar for the sentences the portal writes: elision, plurals, enumerations.

Also the ``francais`` template library (``{% load francais %}``), declared in the
``TEMPLATES`` settings: ``{{ nombre|pluriel }}`` is Django's ``pluralize`` with the French rule.
"""

from django import template

register = template.Library()

VOYELLES = "aeiouyhàâäéèêëîïôöûüù"


def de(nom):
    """French « de » before a name, elided before a vowel or a mute h (« d'Étueffont »)."""
    return f"d'{nom}" if nom[:1].lower() in VOYELLES else f"de {nom}"


def est_pluriel(nombre):
    """French puts 0 and 1 in the singular (« 0 demande », « 1,5 jour »), 2 and more in the
    plural, unlike English and Django's ``pluralize``."""
    return abs(nombre) >= 2


@register.filter
def pluriel(nombre, suffixes="s"):
    """The ending ``nombre`` calls for: ``suffixes`` is « plural » or « singular,plural », as
    for ``pluralize`` (« demande{{ n|pluriel }} », « attend{{ n|pluriel:"ent" }} »,
    « {{ n|pluriel:"travail,travaux" }} »). Anything but a number reads as singular."""
    singulier, _, plurielle = suffixes.rpartition(",")
    try:
        return plurielle if est_pluriel(float(nombre)) else singulier
    except (TypeError, ValueError):
        return singulier


def enumeration(elements):
    """« A », « A et B », « A, B et C »."""
    elements = [str(element) for element in elements]
    if len(elements) < 2:
        return "".join(elements)
    return f"{', '.join(elements[:-1])} et {elements[-1]}"
