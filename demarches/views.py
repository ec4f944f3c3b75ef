"""« Préparer le dossier DETR/DSIL »: the agent's button on a supported demande."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from demandes.selectors import demandes_visibles
from guichet.comptes.roles import est_agent_de_l_etat
from guichet.erreurs import appliquer_refus

from . import services
from .forms import PreparerDossierForm


@login_required
@require_POST
def preparer_dossier(request, pk):
    """Prepare the link, then send the agent's browser to it: DS opens the prefilled dossier.
    A refusal comes back to the demande page as a message."""
    demande = get_object_or_404(demandes_visibles(request.user), pk=pk)
    if not est_agent_de_l_etat(request.user, demande.departement_id):
        raise PermissionDenied("Action réservée à la préfecture et à la DDT.")
    form = PreparerDossierForm(request.POST)
    if not form.is_valid():
        appliquer_refus(request, ValidationError(form.errors.as_data()))
        return redirect(demande)
    try:
        dossier = services.preparer_dossier(
            demande=demande, demarche=form.cleaned_data["demarche"], par=request.user
        )
    except ValidationError as refus:
        appliquer_refus(request, refus)
        return redirect(demande)
    messages.success(
        request,
        "Dossier préparé : Démarches Simplifiées s'est ouvert avec les champs pré-remplis. "
        "Le lien reste sur la demande.",
    )
    return redirect(dossier.lien)
