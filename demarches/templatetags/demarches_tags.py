"""``{% dossier_detr_dsil demande %}``: the demande page's DS part, for State staff."""

from django import template

from ..selectors import dossiers_ds

register = template.Library()


@register.inclusion_tag("demarches/_dossier.html", takes_context=True)
def dossier_detr_dsil(context, demande):
    return {
        "demande": demande,
        "ds": dossiers_ds(context["request"].user, demande),
        "csrf_token": context.get("csrf_token"),
    }
