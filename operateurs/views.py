"""The operators' space: the inbox, answering a routing, the directory and public pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from guichet.comptes.roles import Role
from guichet.erreurs import appliquer_refus

from . import selectors, services, workflow
from .forms import AccepterForm, AvisForm, DeclinerForm, FiltresBoiteForm
from .models import Orientation


def _exiger_operateur(user):
    if not user.a_le_role(Role.OPERATEUR):
        raise PermissionDenied("Espace réservé aux opérateurs.")


def _orientation(request, pk):
    _exiger_operateur(request.user)
    try:
        return selectors.orientation_de(request.user, pk)
    except Orientation.DoesNotExist as erreur:
        raise Http404 from erreur


@login_required
def boite(request):
    _exiger_operateur(request.user)
    criteres = FiltresBoiteForm(request.GET).criteres()
    page = selectors.page_de_la_boite(
        selectors.boite(request.user, **criteres), request.GET.get("page"), par_page=30
    )
    for orientation in page.object_list:
        orientation.couleur = workflow.COULEUR_BADGE[orientation.statut]
    return render(
        request,
        "operateurs/boite.html",
        {
            "page": page,
            "criteres": criteres,
            "filtres": urlencode({nom: getattr(v, "pk", v) for nom, v in criteres.items()}),
            **selectors.choix_des_filtres(request.user, criteres.get("departement")),
        },
    )


def _repondre(request, orientation, form, appel, succes, gabarit_titre):
    if request.method == "POST" and form.is_valid():
        try:
            appel(form.cleaned_data)
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(request, succes)
            return None
    return render(
        request,
        "operateurs/repondre.html",
        {"orientation": orientation, "form": form, "titre": gabarit_titre},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def accepter(request, pk):
    orientation = _orientation(request, pk)
    form = AccepterForm(request.POST if request.method == "POST" else None, orientation=orientation)
    reponse = _repondre(
        request,
        orientation,
        form,
        lambda d: services.accepter(
            orientation=orientation, par=request.user, responsable=d.get("responsable")
        ),
        "Demande acceptée : le référent et la DDT sont prévenus.",
        "Accepter la demande",
    )
    return reponse or redirect(orientation.demande)


@login_required
@require_http_methods(["GET", "POST"])
def decliner(request, pk):
    orientation = _orientation(request, pk)
    form = DeclinerForm(request.POST if request.method == "POST" else None)
    reponse = _repondre(
        request,
        orientation,
        form,
        lambda d: services.decliner(orientation=orientation, par=request.user, motif=d["motif"]),
        "Demande déclinée : elle quitte votre espace, le référent et la DDT sont prévenus.",
        "Décliner la demande",
    )
    return reponse or redirect("operateurs:boite")


@login_required
@require_http_methods(["GET", "POST"])
def avis(request, pk):
    orientation = _orientation(request, pk)
    initial = {
        "avis": orientation.avis,
        "type_offre": orientation.type_offre,
        "montant": orientation.montant_estime,
        "jours": orientation.jours_estimes,
        "description": orientation.description_offre,
    }
    form = AvisForm(request.POST if request.method == "POST" else None, initial=initial)
    reponse = _repondre(
        request,
        orientation,
        form,
        lambda d: services.donner_avis(
            orientation=orientation,
            par=request.user,
            avis=d["avis"],
            type_offre=d["type_offre"],
            montant=d["montant"],
            jours=d["jours"],
            description=d["description"],
        ),
        "Avis et offre enregistrés.",
        "Avis et offre",
    )
    return reponse or redirect(orientation.demande)


@login_required
@require_POST
def terminer(request, pk):
    orientation = _orientation(request, pk)
    try:
        services.terminer(orientation=orientation, par=request.user)
    except ValidationError as refus:
        appliquer_refus(request, refus)
    else:
        messages.success(request, "Appui marqué comme terminé.")
    return redirect(orientation.demande)


@login_required
def annuaire(request):
    return render(request, "operateurs/annuaire.html", {"operateurs": selectors.annuaire()})


@login_required
def fiche(request, slug):
    operateur = get_object_or_404(selectors.annuaire(), slug=slug)
    return render(request, "operateurs/fiche.html", {"operateur": operateur})
