"""Access requests: a person without attachment asks to join a collectivité; the State's agents
validate or refuse on their own page (``/tableau-de-bord/acces/``).

The validation page lives here, with its services, rather than in ``tableau``: the dashboard
app depends on the requests' apps, and nothing in the accounts should depend on it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from guichet.comptes import selectors, services
from guichet.comptes.forms import DemandeAccesForm, RefusAccesForm
from guichet.comptes.models import DemandeAcces
from guichet.comptes.roles import est_agent_de_l_etat
from guichet.erreurs import appliquer_refus


@login_required
@require_http_methods(["GET", "POST"])
def demande_acces(request):
    user = request.user
    peut_demander = selectors.sans_rattachement(user)
    derniere = selectors.derniere_demande_acces(user) if peut_demander else None
    en_attente = derniere is not None and derniere.en_attente
    form = None
    if peut_demander and not en_attente:
        preselection = selectors.collectivite_du_siret(user.siret)
        form = DemandeAccesForm(
            request.POST if request.method == "POST" else None,
            initial={"collectivite": preselection},
        )
        if form.is_bound and form.is_valid():
            try:
                services.demander_acces(user=user, **form.cleaned_data)
            except ValidationError as refus:
                appliquer_refus(request, refus, form)
            else:
                messages.success(
                    request,
                    "Votre demande d'accès est envoyée : la préfecture l'examine et vous serez "
                    "prévenu par courriel.",
                )
                return redirect("comptes:demande_acces")
    contexte = {
        "form": form,
        "derniere": derniere,
        "peut_demander": peut_demander,
        "rattachements": []
        if peut_demander
        else user.rattachements.select_related("collectivite", "operateur"),
        "preselection_siret": bool(form is not None and form.initial.get("collectivite")),
    }
    return render(
        request,
        "comptes/demande_acces.html",
        contexte,
        status=400 if form is not None and form.is_bound else 200,
    )


def _exiger_agent_de_l_etat(user):
    if not est_agent_de_l_etat(user):
        raise PermissionDenied("Page réservée aux agents de la préfecture et de la DDT.")


def _demande_a_traiter(user, queryset, pk):
    """An access request to a collectivité of ``user``'s départements; 404 for any other."""
    _exiger_agent_de_l_etat(user)
    return get_object_or_404(queryset.filter(selectors.de_ses_departements(user)), pk=pk)


@login_required
def validation(request):
    _exiger_agent_de_l_etat(request.user)
    en_attente, traitees = selectors.demandes_acces_a_traiter(request.user)
    return render(
        request,
        "comptes/validation_acces.html",
        {"en_attente": en_attente, "traitees": traitees},
    )


@login_required
@require_POST
def valider(request, pk):
    demande = _demande_a_traiter(request.user, DemandeAcces.objects.all(), pk)
    try:
        demande = services.valider_demande_acces(demande=demande, par=request.user)
    except ValidationError as refus:
        appliquer_refus(request, refus)
    else:
        messages.success(
            request,
            f"Accès validé : {demande.user} est membre {demande.collectivite.de_article} ; "
            "la personne est prévenue.",
        )
    return redirect("acces:validation")


@login_required
@require_http_methods(["GET", "POST"])
def refuser(request, pk):
    demande = _demande_a_traiter(
        request.user,
        DemandeAcces.objects.select_related("user", "collectivite", "traitee_par"),
        pk,
    )
    form = RefusAccesForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.refuser_demande_acces(
                demande=demande, par=request.user, motif=form.cleaned_data["motif"]
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(
                request, f"Demande de {demande.user} refusée ; la personne est prévenue."
            )
            return redirect("acces:validation")
    return render(
        request,
        "comptes/refuser_acces.html",
        {"demande": demande, "form": form},
        status=400 if form.is_bound else 200,
    )
