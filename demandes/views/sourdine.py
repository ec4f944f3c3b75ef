"""Muting a demande: no more email about it for the person who asks, its notifications still
listed in the notification centre."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from .. import notifications, selectors
from ..forms import SourdineForm


@login_required
@require_POST
def sourdine(request, demande_pk):
    demande = get_object_or_404(selectors.demandes_visibles(request.user), pk=demande_pk)
    form = SourdineForm(request.POST)
    form.is_valid()  # always: whatever is sent reads as yes or no
    en_sourdine = form.cleaned_data["en_sourdine"]
    notifications.mettre_en_sourdine(user=request.user, demande=demande, en_sourdine=en_sourdine)
    messages.success(
        request,
        "Vous ne recevrez plus de courriel pour cette demande ; ses notifications restent "
        "visibles dans le guichet."
        if en_sourdine
        else "Vous recevrez de nouveau les courriels de cette demande.",
    )
    return redirect(demande)
