"""The portal's pages for API tokens and webhooks, for the members of an operator or a State
service: create, revoke, subscribe, read the deliveries' log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from guichet.erreurs import appliquer_refus

from . import services
from .forms import AbonnementForm, JetonForm
from .models import Abonnement, JetonApi


def _organisations(user):
    organisations = services.organisations_de(user)
    if not organisations:
        raise PermissionDenied("Réservé aux membres d'un opérateur ou d'un service de l'État.")
    return organisations


def _de_mes_organisations(modele, organisations):
    filtre = Q(pk__in=[])
    for o in organisations:
        filtre |= Q(operateur=o.operateur) if o.operateur is not None else Q(service=o.service)
    return modele.objects.filter(filtre)


@login_required
@require_http_methods(["GET", "POST"])
def jetons(request):
    organisations = _organisations(request.user)
    form = JetonForm(request.POST or None, organisations=organisations, bouton="Créer le jeton")
    nouveau = None
    if request.method == "POST" and form.is_valid():
        try:
            jeton, texte = services.creer_jeton(
                par=request.user,
                organisation=form.organisation_choisie(),
                nom=form.cleaned_data["nom"],
                portee=form.cleaned_data["portee"],
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            nouveau = {"jeton": jeton, "texte": texte}
            form = JetonForm(organisations=organisations, bouton="Créer le jeton")
    liste = _de_mes_organisations(JetonApi, organisations).select_related(
        "operateur", "cree_par", "revoque_par"
    )
    return render(
        request,
        "api/jetons.html",
        {"form": form, "jetons": liste, "nouveau": nouveau},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def revoquer(request, pk):
    jeton = get_object_or_404(_de_mes_organisations(JetonApi, _organisations(request.user)), pk=pk)
    try:
        services.revoquer_jeton(jeton=jeton, par=request.user)
    except ValidationError as refus:
        appliquer_refus(request, refus)
    else:
        messages.success(request, f"Jeton « {jeton.nom} » révoqué : il ne donne plus accès.")
    return redirect("api_portail:jetons")


@login_required
@require_http_methods(["GET", "POST"])
def abonnements(request):
    organisations = _organisations(request.user)
    form = AbonnementForm(request.POST or None, organisations=organisations, bouton="S'abonner")
    if request.method == "POST" and form.is_valid():
        try:
            abonnement = services.abonner(
                par=request.user,
                organisation=form.organisation_choisie(),
                url=form.cleaned_data["url"],
                evenements=form.cleaned_data["evenements"],
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(request, "Abonnement créé : son secret de signature est ci-dessous.")
            return redirect("api_portail:journal", abonnement.pk)
    liste = _de_mes_organisations(Abonnement, organisations).select_related("operateur")
    return render(
        request,
        "api/webhooks.html",
        {"form": form, "abonnements": liste},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def journal(request, pk):
    abonnement = get_object_or_404(
        _de_mes_organisations(Abonnement, _organisations(request.user)).select_related(
            "operateur", "cree_par"
        ),
        pk=pk,
    )
    envois = abonnement.envois.select_related("evenement__demande")[:100]
    return render(request, "api/journal.html", {"abonnement": abonnement, "envois": envois})


@login_required
@require_POST
def reactiver(request, pk):
    abonnement = get_object_or_404(
        _de_mes_organisations(Abonnement, _organisations(request.user)), pk=pk
    )
    services.reactiver(abonnement=abonnement, par=request.user)
    messages.success(request, "Abonnement réactivé.")
    return redirect("api_portail:journal", abonnement.pk)


@login_required
@require_POST
def supprimer(request, pk):
    abonnement = get_object_or_404(
        _de_mes_organisations(Abonnement, _organisations(request.user)), pk=pk
    )
    services.supprimer_abonnement(abonnement=abonnement, par=request.user)
    messages.success(request, "Abonnement supprimé.")
    return redirect("api_portail:webhooks")
