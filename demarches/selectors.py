"""What the demande page shows of the DS hand-over."""

from guichet.comptes.roles import est_agent_de_l_etat

from .models import Demarche, DossierPrepare
from .regles import peut_preparer_dossier


def dossiers_ds(user, demande):
    """``None`` for who is not State staff, or when there is nothing to show; else the démarches
    offered (when the demande may get a dossier now) and the links already prepared, newest
    first."""
    if not est_agent_de_l_etat(user, demande.departement_id):
        return None
    dossiers = list(
        DossierPrepare.objects.filter(demande=demande).select_related("demarche", "prepare_par")
    )
    demarches = (
        list(Demarche.objects.filter(active=True)) if peut_preparer_dossier(user, demande) else []
    )
    if not dossiers and not demarches:
        return None
    return {"demarches": demarches, "dossiers": dossiers}
