"""The comité's part of other apps' pages."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("comite/_decision.html", takes_context=True)
def decision_du_comite(context, demande):
    """The « Décision du comité » section of a demande's page (``demande`` as the demande's
    detail selector prepares it), empty while the demande was never on an agenda its reader
    sees."""
    user = context["request"].user
    return {
        "passages": selectors.passages_en_comite(
            user, demande, voit_l_interne=demande.voit_l_interne
        ),
        "gere": demande.est_agent_de_l_etat,
    }
