"""The avis's part of a demande's page."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("avis/_avis_de_la_demande.html", takes_context=True)
def avis_de_la_demande(context, demande):
    """The « Avis d'experts » section (``demande`` as the demande's detail selector prepares
    it): every avis for the State, with its actions; the shareable answered ones for anyone
    else who sees the demande, nothing when there are none."""
    user = context["request"].user
    return {
        "demande": demande,
        "liste_des_avis": selectors.avis_de_la_demande(user, demande),
        "gere": demande.est_agent_de_l_etat,
        "peut_demander": demande.est_agent_de_l_etat and demande.peut_confier,
        "csrf_token": context.get("csrf_token"),
    }
