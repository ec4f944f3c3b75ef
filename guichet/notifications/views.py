"""The notification centre: the list, opening one, marking read, preferences, muting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from guichet.notifications import services
from guichet.notifications.forms import PreferenceForm, SourdineForm
from guichet.notifications.models import Frequence, Notification, Preference

PAR_PAGE = 25


@login_required
def centre(request):
    notifications = Notification.objects.filter(destinataire=request.user).order_by(
        F("date_lecture").asc(nulls_first=True), "-date_creation", "-pk"
    )
    page = Paginator(notifications, PAR_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/centre.html", {"page": page})


@login_required
@require_POST
def ouvrir(request, pk):
    """Mark read, then go to the object (a path of this site only: no open redirect)."""
    notification = get_object_or_404(Notification, pk=pk, destinataire=request.user)
    services.marquer_lue(notification=notification)
    if notification.lien and url_has_allowed_host_and_scheme(
        notification.lien, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.lien)
    return redirect("notifications:centre")


@login_required
@require_POST
def marquer_lue(request, pk):
    notification = get_object_or_404(Notification, pk=pk, destinataire=request.user)
    services.marquer_lue(notification=notification)
    return redirect("notifications:centre")


@login_required
@require_POST
def tout_marquer_lu(request):
    nombre = services.marquer_tout_lu(user=request.user)
    pluriel = "s" if nombre > 1 else ""
    messages.success(
        request, f"{nombre} notification{pluriel} marquée{pluriel} comme lue{pluriel}."
    )
    return redirect("notifications:centre")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    actuelle = (
        Preference.objects.filter(user=request.user).values_list("frequence", flat=True).first()
        or Frequence.IMMEDIATE
    )
    form = PreferenceForm(
        request.POST if request.method == "POST" else None, initial={"frequence": actuelle}
    )
    if request.method == "POST" and form.is_valid():
        services.choisir_frequence(user=request.user, frequence=form.cleaned_data["frequence"])
        messages.success(request, "Préférences enregistrées.")
        return redirect("notifications:preferences")
    sourdines = request.user.sourdines.select_related("demande").order_by("-date")
    return render(request, "notifications/preferences.html", {"form": form, "sourdines": sourdines})


@login_required
@require_POST
def sourdine(request, demande_pk):
    from demandes.selectors import demandes_visibles

    demande = get_object_or_404(demandes_visibles(request.user), pk=demande_pk)
    form = SourdineForm(request.POST)
    form.is_valid()  # always: whatever is sent reads as yes or no
    en_sourdine = form.cleaned_data["en_sourdine"]
    services.mettre_en_sourdine(user=request.user, demande=demande, en_sourdine=en_sourdine)
    messages.success(
        request,
        "Vous ne recevrez plus de courriel pour cette demande ; ses notifications restent "
        "visibles dans le guichet."
        if en_sourdine
        else "Vous recevrez de nouveau les courriels de cette demande.",
    )
    return redirect(demande)
