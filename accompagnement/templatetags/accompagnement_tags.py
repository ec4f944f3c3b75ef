"""``{% suite_de_la_demande demande %}``: the demande page's part after the decision (closing
button, closing and satisfaction, progress point, action plan), from ``selectors``."""

from django import template

from ..forms import PointEtapeForm
from ..selectors import suite_de_la_demande as selecteur

register = template.Library()


@register.inclusion_tag("accompagnement/_suite.html", takes_context=True)
def suite_de_la_demande(context, demande):
    user = context["request"].user
    suite = selecteur(user, demande)
    return {
        "demande": demande,
        "suite": suite,
        "form_point": PointEtapeForm() if suite["point_ouvert"] else None,
        "cloturer_possible": "cloturer" in getattr(demande, "actions", ()),
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }
