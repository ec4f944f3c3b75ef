"""The State files a demande for a collectivité; a member of the collectivité takes it over."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from guichet.comptes.roles import est_agent_de_l_etat
from guichet.erreurs import appliquer_refus

from .. import selectors, services
from ..forms import ConfirmationForm, DemandePourLeCompteForm


@login_required
@require_http_methods(["GET", "POST"])
def nouvelle_pour_le_compte(request):
    if not est_agent_de_l_etat(request.user):
        raise PermissionDenied("Seuls la préfecture et la DDT déposent pour une collectivité.")
    form = DemandePourLeCompteForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        donnees = form.cleaned_data
        try:
            demande = services.deposer_pour_le_compte(
                collectivite=donnees["collectivite"],
                par=request.user,
                canal=donnees["canal"],
                donnees=donnees,
                thematiques=donnees["thematiques"],
                fichiers=form.documents_a_joindre(),
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(
                request,
                f"Demande déposée pour {demande.collectivite.avec_article} sous la référence "
                f"{demande.reference}. Ses membres en sont informés.",
            )
            return redirect(demande)
    if form.is_bound:
        form.mettre_de_cote_les_documents()
    return render(request, "demandes/pour_le_compte.html", {"form": form})


@login_required
@require_POST
def reprendre(request, pk):
    demande = get_object_or_404(selectors.demandes_visibles(request.user), pk=pk)
    form = ConfirmationForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    try:
        services.reprendre_demande(demande=demande, par=request.user, version=version)
    except ValidationError as refus:
        appliquer_refus(request, refus)
    else:
        messages.success(
            request, "Vous avez repris la demande : vous en êtes le déposant et le contact."
        )
    return redirect(demande)
