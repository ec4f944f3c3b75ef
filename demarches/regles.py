"""Who may prepare a DS dossier for which demande: the one rule, read by the service and by the
demande page."""

from demandes.models import Statut
from guichet.comptes.roles import est_agent_de_l_etat

NON_ACCOMPAGNEE = "Un dossier DETR/DSIL se prépare pour une demande accompagnée seulement."


def peut_preparer_dossier(user, demande):
    return (
        est_agent_de_l_etat(user, demande.departement_id) and demande.statut == Statut.ACCOMPAGNEE
    )
