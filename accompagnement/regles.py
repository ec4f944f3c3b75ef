"""Who may do what after the decision. The services check these; the pages read them as flags.

- **Plan d'action**: editable while the demande is « Accompagnée », by the State (every action,
  any porteur), the collectivité (the actions it carries) and each operator the demande is
  routed to and that did not decline (the actions that operator carries). Each adds actions it
  carries itself (the State may give one to anyone) and changes only those. Nothing is
  deleted: an action given up becomes « Abandonnée ». Once the demande is closed the plan is
  frozen, and read by whoever reads the demande.
- **Point d'étape**: answered by the collectivité only, while one is open.
- **Clôture**: the State (the workflow's ``cloturer``), with the outcome and the funding.
- **Satisfaction**: the collectivité, once the demande is closed (it may change its mark).
"""

from demandes.models import Statut
from demandes.workflow import est_de_la_collectivite
from guichet.comptes.roles import est_agent_de_l_etat
from guichet.territoire.models import Operateur
from operateurs.models import StatutOrientation

from .models import Porteur


def plan_modifiable(demande):
    return demande.statut == Statut.ACCOMPAGNEE


def operateurs_de(user, demande):
    """The operators ``user`` belongs to among those the demande is routed to (not declined)."""
    return Operateur.objects.filter(
        rattachements__user=user,
        orientations__demande=demande,
    ).exclude(orientations__demande=demande, orientations__statut=StatutOrientation.DECLINEE)


def operateurs_porteurs_possibles(demande):
    """Every operator the demande is routed to that did not decline it."""
    return (
        Operateur.objects.filter(orientations__demande=demande)
        .exclude(orientations__demande=demande, orientations__statut=StatutOrientation.DECLINEE)
        .order_by("sigle")
    )


def porteurs_permis(user, demande):
    """The porteurs ``user`` may give an action of ``demande``: ``(porteur, operateur)`` pairs,
    empty when ``user`` may not edit its plan at all."""
    if est_agent_de_l_etat(user, demande.departement_id):
        return [
            (Porteur.COLLECTIVITE, None),
            (Porteur.ETAT, None),
            *[(Porteur.OPERATEUR, o) for o in operateurs_porteurs_possibles(demande)],
        ]
    permis = []
    if est_de_la_collectivite(user, demande):
        permis.append((Porteur.COLLECTIVITE, None))
    permis.extend((Porteur.OPERATEUR, o) for o in operateurs_de(user, demande))
    return permis


def peut_modifier_action(user, action, permis=None):
    """The State changes every action; the others, the actions they carry."""
    permis = porteurs_permis(user, action.demande) if permis is None else permis
    return cle_du_porteur(action.porteur, action.operateur_id) in {
        cle_du_porteur(porteur, operateur.pk if operateur else None)
        for porteur, operateur in permis
    }


def cle_du_porteur(porteur, operateur_id):
    # ``str``: a choice's hash is its name's, not its value's; sets compare the values.
    return (str(porteur), operateur_id)


def peut_repondre_point_d_etape(user, demande):
    return demande.statut == Statut.ACCOMPAGNEE and est_de_la_collectivite(user, demande)


def peut_donner_satisfaction(user, demande):
    return demande.statut == Statut.CLOTUREE and est_de_la_collectivite(user, demande)
