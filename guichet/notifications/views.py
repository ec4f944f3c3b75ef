"""The notification centre: the list, opening one, marking read, preferences."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.views.decorators.http import require_http_methods, require_POST

from guichet.notifications import services
from guichet.notifications.forms import PreferenceForm
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
    # What other apps let a person choose here (demandes: the demandes muted), named by the
    # settings so that this app imports none of them.
    sections = [
        import_string(section)(request)
        for section in settings.NOTIFICATIONS_SECTIONS_DES_PREFERENCES
    ]
    return render(request, "notifications/preferences.html", {"form": form, "sections": sections})
