"""The State's actions on one demande: take in charge, assign, ask a complement, route,
classify, reopen. Each page is a plain form (no JavaScript needed) calling one service.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from guichet.comptes.roles import ROLES_ETAT

from .. import equipe, selectors, services, workflow
from ..forms import AssignerForm, ComplementForm, ConfirmationForm, MotifForm, OrientationForm
from ..models import Etiquette


def _demande_pour_l_etat(request, pk):
    """404 for what the person may not see, 403 for a person who is not State staff."""
    demande = get_object_or_404(selectors.demandes_visibles(request.user), pk=pk)
    if not (request.user.is_superuser or request.user.a_le_role(*ROLES_ETAT)):
        raise PermissionDenied("Action réservée à la préfecture et à la DDT.")
    return demande


def _appeler(request, form, appel, succes):
    """Run the service; put its refusals on the form. Returns True when it succeeded."""
    try:
        appel()
    except workflow.ActionNonAutorisee as erreur:
        raise PermissionDenied(str(erreur)) from erreur
    except (workflow.TransitionInterdite, services.ModifieeEntreTemps) as erreur:
        form.add_error(None, str(erreur))
        return False
    except services.DemandeIncomplete as erreur:
        for champ, message in erreur.erreurs.items():
            form.add_error(champ if champ in form.fields else None, message)
        return False
    messages.success(request, succes)
    return True


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
        ok = _appeler(
            request,
            form,
            lambda: services.assigner(
                demande=demande,
                par=request.user,
                version=form.cleaned_data["version"],
                referent=request.user,
            ),
            "Vous êtes le référent de cette demande.",
        )
        if not ok:
            messages.error(request, " ".join(form.non_field_errors()))
    return redirect(demande)


@login_required
@require_http_methods(["GET", "POST"])
def assigner(request, pk):
    demande = _demande_pour_l_etat(request, pk)
    form = AssignerForm(
        request.POST if request.method == "POST" else None, initial={"version": demande.version}
    )
    if request.method == "POST" and form.is_valid():
        referent = form.cleaned_data["referent"]
        if _appeler(
            request,
            form,
            lambda: services.assigner(
                demande=demande,
                par=request.user,
                version=form.cleaned_data["version"],
                referent=referent,
            ),
            f"Demande confiée à {referent}.",
        ):
            return redirect(demande)
    return _page(request, demande, form, "Confier la demande", "assigner")


@login_required
@require_http_methods(["GET", "POST"])
def demander_complement(request, pk):
    demande = _demande_pour_l_etat(request, pk)
    form = ComplementForm(
        request.POST if request.method == "POST" else None, initial={"version": demande.version}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _appeler(
            request,
            form,
            lambda: services.demander_complement(
                demande=demande,
                par=request.user,
                version=form.cleaned_data["version"],
                points=form.cleaned_data["points"],
                message=form.cleaned_data["message"],
            ),
            "Complément demandé : la collectivité est prévenue.",
        )
    ):
        return redirect(demande)
    return _page(request, demande, form, "Demander un complément", "demander_complement")


@login_required
@require_http_methods(["GET", "POST"])
def orienter(request, pk):
    demande = _demande_pour_l_etat(request, pk)
    suggestions = selectors.operateurs_suggeres(demande)
    deja = set(demande.orientations.values_list("operateur_id", flat=True))
    form = OrientationForm(
        request.POST if request.method == "POST" else None,
        suggestions=suggestions,
        deja_orientes=deja,
        initial={"version": demande.version},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _appeler(
            request,
            form,
            lambda: services.orienter_demande(
                demande=demande,
                par=request.user,
                version=form.cleaned_data["version"],
                operateurs=form.cleaned_data["operateurs"],
                message=form.cleaned_data["message"],
            ),
            "Demande orientée : les opérateurs et la collectivité sont prévenus.",
        )
    ):
        return redirect(demande)
    return _page(request, demande, form, "Orienter vers des opérateurs", "orienter")


def _motif(request, pk, *, titre, action, bouton, service, succes):
    demande = _demande_pour_l_etat(request, pk)
    form = MotifForm(
        request.POST if request.method == "POST" else None,
        bouton=bouton,
        initial={"version": demande.version},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _appeler(
            request,
            form,
            lambda: service(
                demande=demande,
                par=request.user,
                version=form.cleaned_data["version"],
                motif=form.cleaned_data["motif"],
            ),
            succes,
        )
    ):
        return redirect(demande)
    return _page(request, demande, form, titre, action)


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
    etiquette = get_object_or_404(Etiquette, pk=request.POST.get("etiquette") or 0)
    retirer = request.POST.get("retirer") == "1"
    equipe.etiqueter(demandes=[demande], etiquette=etiquette, retirer=retirer)
    messages.success(request, f"Étiquette « {etiquette} » {'retirée' if retirer else 'posée'}.")
    return redirect(demande)
