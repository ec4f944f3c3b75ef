"""What the demande's page and the comité's PDF show of the plan, the progress point and the
closing: a fixed number of queries, whatever the length of the plan."""

from collections import defaultdict

from . import regles
from .models import Action, Cloture, PointEtape


def actions_du_plan(demande):
    return list(Action.objects.filter(demande=demande).select_related("operateur"))


def suite_de_la_demande(user, demande):
    """The plan (each action with ``modifiable``), whether ``user`` may add to it, the open
    progress point if ``user`` answers it, and the closing (outcome and satisfaction)."""
    actions = actions_du_plan(demande)
    permis = regles.porteurs_permis(user, demande) if regles.plan_modifiable(demande) else []
    for action in actions:
        action.modifiable = bool(permis) and regles.peut_modifier_action(user, action, permis)
    peut_repondre = regles.peut_repondre_point_d_etape(user, demande)
    return {
        "actions": actions,
        "permis": permis,
        "plan_montre": bool(actions) or bool(permis),
        "point_ouvert": (
            PointEtape.objects.filter(demande=demande, date_reponse__isnull=True)
            .order_by("-numero")
            .first()
            if peut_repondre
            else None
        ),
        "cloture": Cloture.objects.filter(demande=demande).first()
        if demande.statut == "cloturee"
        else None,
        "peut_donner_satisfaction": regles.peut_donner_satisfaction(user, demande),
    }


def joindre_les_plans(points):
    """Hand each item's demande (of a comité's agenda) its action plan as ``plan_d_action``:
    one query for every item."""
    demandes = {point.demande_id: point.demande for point in points if point.demande_id}
    par_demande = defaultdict(list)
    for action in Action.objects.filter(demande__in=demandes).select_related("operateur"):
        par_demande[action.demande_id].append(action)
    for pk, demande in demandes.items():
        demande.plan_d_action = par_demande[pk]
