"""The State's actions on one demande: take in charge, assign, ask a complement, route,
classify, reopen. Each page is a plain form (no JavaScript needed) calling one service.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from guichet.comptes.roles import est_agent_de_l_etat
from guichet.erreurs import appliquer_refus
from guichet.formulaires import IDENTIFIANT

from .. import equipe, selectors, services
from ..forms import AssignerForm, ComplementForm, ConfirmationForm, MotifForm, OrientationForm
from ..models import Etiquette


def _demande_pour_l_etat(request, pk):
    """404 for what the person may not see, 403 for a person who is not State staff."""
    demande = get_object_or_404(selectors.demandes_visibles(request.user), pk=pk)
    if not est_agent_de_l_etat(request.user, demande.departement_id):
        raise PermissionDenied("Action réservée à la préfecture et à la DDT.")
    return demande


def _page(request, demande, form, titre, action):
    return render(
        request,
        "demandes/instruction.html",
        {"demande": demande, "form": form, "titre": titre, "action": action},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def prendre_en_charge(request, pk):
    demande = _demande_pour_l_etat(request, pk)
    form = ConfirmationForm(request.POST)
    if form.is_valid():
        try:
            services.assigner(
                demande=demande,
                par=request.user,
                version=form.cleaned_data["version"],
                referent=request.user,
            )
        except ValidationError as refus:
            appliquer_refus(request, refus)
        else:
            messages.success(request, "Vous êtes le référent de cette demande.")
    return redirect(demande)


def _formulaire(request, demande, form, *, service, succes, titre, action):
    """The State's action pages: on a valid POST, ``service(demande, cleaned_data)`` runs; its
    refusals land on the form. Shows the page otherwise. ``succes`` is the message, or a
    function of the cleaned data giving it."""
    if request.method == "POST" and form.is_valid():
        try:
            service(demande, form.cleaned_data)
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(request, succes(form.cleaned_data) if callable(succes) else succes)
            return redirect(demande)
    return _page(request, demande, form, titre, action)


def _donnees(request):
    return request.POST if request.method == "POST" else None


@login_required
@require_http_methods(["GET", "POST"])
def assigner(request, pk):
    demande = _demande_pour_l_etat(request, pk)
    return _formulaire(
        request,
        demande,
        AssignerForm(
            _donnees(request),
            departement=demande.departement_id,
            initial={"version": demande.version},
        ),
        service=lambda d, donnees: services.assigner(
            demande=d, par=request.user, version=donnees["version"], referent=donnees["referent"]
        ),
        succes=lambda donnees: f"Demande confiée à {donnees['referent']}.",
        titre="Confier la demande",
        action="assigner",
    )


@login_required
@require_http_methods(["GET", "POST"])
def demander_complement(request, pk):
    demande = _demande_pour_l_etat(request, pk)
    return _formulaire(
        request,
        demande,
        ComplementForm(_donnees(request), initial={"version": demande.version}),
        service=lambda d, donnees: services.demander_complement(
            demande=d,
            par=request.user,
            version=donnees["version"],
            points=donnees["points"],
            message=donnees["message"],
        ),
        succes="Complément demandé : la collectivité est prévenue.",
        titre="Demander un complément",
        action="demander_complement",
    )


@login_required
@require_http_methods(["GET", "POST"])
def orienter(request, pk):
    demande = _demande_pour_l_etat(request, pk)
    form = OrientationForm(
        _donnees(request),
        suggestions=selectors.operateurs_suggeres(demande),
        deja_orientes=set(demande.orientations.values_list("operateur_id", flat=True)),
        initial={"version": demande.version},
    )
    return _formulaire(
        request,
        demande,
        form,
        service=lambda d, donnees: services.orienter_demande(
            demande=d,
            par=request.user,
            version=donnees["version"],
            operateurs=donnees["operateurs"],
            message=donnees["message"],
        ),
        succes="Demande orientée : les opérateurs et la collectivité sont prévenus.",
        titre="Orienter vers des opérateurs",
        action="orienter",
    )


def _motif(request, pk, *, titre, action, bouton, service, succes):
    demande = _demande_pour_l_etat(request, pk)
    return _formulaire(
        request,
        demande,
        MotifForm(_donnees(request), bouton=bouton, initial={"version": demande.version}),
        service=lambda d, donnees: service(
            demande=d, par=request.user, version=donnees["version"], motif=donnees["motif"]
        ),
        succes=succes,
        titre=titre,
        action=action,
    )


@login_required
@require_http_methods(["GET", "POST"])
def classer(request, pk):
    return _motif(
        request,
        pk,
        titre="Classer sans suite",
        action="classer",
        bouton="Classer sans suite",
        service=services.classer_demande,
        succes="Demande classée sans suite : la collectivité est prévenue.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def rouvrir(request, pk):
    return _motif(
        request,
        pk,
        titre="Rouvrir la demande",
        action="rouvrir",
        bouton="Rouvrir",
        service=services.rouvrir_demande,
        succes="Demande rouverte : elle repart en instruction.",
    )


@login_required
@require_POST
def suivre(request, pk):
    demande = _demande_pour_l_etat(request, pk)
    suivie = request.POST.get("suivie") == "1"
    equipe.suivre(user=request.user, demandes=[demande], suivie=suivie)
    messages.success(request, "Demande suivie." if suivie else "Vous ne suivez plus cette demande.")
    return redirect(demande)


@login_required
@require_POST
def etiqueter(request, pk):
    demande = _demande_pour_l_etat(request, pk)
    identifiant = request.POST.get("etiquette", "")
    if not IDENTIFIANT.fullmatch(identifiant):
        raise Http404
    # Only the labels of the demande's département (and the common ones) exist here.
    etiquette = get_object_or_404(
        Etiquette.objects.du_departement(demande.departement_id), pk=identifiant
    )
    retirer = request.POST.get("retirer") == "1"
    equipe.etiqueter(demandes=[demande], etiquette=etiquette, retirer=retirer)
    messages.success(request, f"Étiquette « {etiquette} » {'retirée' if retirer else 'posée'}.")
    return redirect(demande)
