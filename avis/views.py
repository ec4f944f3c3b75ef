"""The agent's actions on the avis of a demande, the downloads, and the expert's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from demandes import selectors as selectors_demandes
from guichet.comptes.roles import est_agent_de_l_etat
from guichet.erreurs import appliquer_refus

from . import jetons, regles, services
from .forms import DemandeAvisForm, RedemanderAvisForm, ReponseAvisForm
from .models import Avis


def _demande_pour_l_etat(request, pk):
    """404 for what the person may not see, 403 for a person who is not State staff."""
    demande = get_object_or_404(selectors_demandes.demandes_visibles(request.user), pk=pk)
    if not est_agent_de_l_etat(request.user, demande.departement_id):
        raise PermissionDenied(services.RESERVE_A_L_ETAT)
    return demande


def _retour(demande):
    return redirect(demande.get_absolute_url() + "#avis")


@login_required
@require_http_methods(["GET", "POST"])
def demander(request, pk):
    demande = _demande_pour_l_etat(request, pk)
    form = DemandeAvisForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            avis = services.demander_avis(demande=demande, par=request.user, **form.cleaned_data)
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(
                request, f"Avis demandé à {avis.expert} : le lien lui est envoyé par courriel."
            )
            return _retour(demande)
    return render(
        request,
        "avis/demander.html",
        {"demande": demande, "form": form},
        status=400 if form.is_bound else 200,
    )


def _avis_de_l_etat(request, pk, avis_pk):
    demande = _demande_pour_l_etat(request, pk)
    return demande, get_object_or_404(Avis, pk=avis_pk, demande=demande)


@login_required
@require_POST
def redemander(request, pk, avis_pk):
    demande, avis = _avis_de_l_etat(request, pk, avis_pk)
    form = RedemanderAvisForm(request.POST)
    if not form.is_valid():
        appliquer_refus(request, ValidationError(form.errors["date_limite"]))
        return _retour(demande)
    try:
        avis = services.redemander_avis(
            avis=avis, par=request.user, date_limite=form.cleaned_data["date_limite"]
        )
    except ValidationError as refus:
        appliquer_refus(request, refus)
    else:
        messages.success(request, f"Le lien est envoyé de nouveau à {avis.expert}.")
    return _retour(demande)


@login_required
@require_POST
def revoquer(request, pk, avis_pk):
    demande, avis = _avis_de_l_etat(request, pk, avis_pk)
    try:
        avis = services.revoquer_avis(avis=avis, par=request.user)
    except ValidationError as refus:
        appliquer_refus(request, refus)
    else:
        messages.success(request, f"Demande d'avis à {avis.expert} révoquée ; son lien est fermé.")
    return _retour(demande)


@login_required
def telecharger(request, pk, avis_pk, document_pk):
    demande = get_object_or_404(selectors_demandes.demandes_visibles(request.user), pk=pk)
    avis = get_object_or_404(regles.avis_lisibles(request.user, demande), pk=avis_pk)
    document = get_object_or_404(avis.documents, pk=document_pk)
    try:
        fichier = document.fichier.open("rb")
    except FileNotFoundError as erreur:
        raise Http404("Ce document n'est plus disponible.") from erreur
    reponse = FileResponse(
        fichier, as_attachment=True, filename=document.nom, content_type=document.type_mime
    )
    reponse["Cache-Control"] = "private, no-store"
    return reponse


def _page_secrete(reponse):
    """The expert's page carries its secret in its address: never sent on in a referrer (only
    the origin is; ``no-referrer`` would make the browser send ``Origin: null`` with the form,
    which Django's CSRF check refuses), never stored by a cache, never indexed."""
    reponse["Referrer-Policy"] = "strict-origin"
    reponse["Cache-Control"] = "private, no-store"
    reponse["X-Robots-Tag"] = "noindex, nofollow"
    return reponse


@require_http_methods(["GET", "POST"])
def repondre(request, jeton):
    """The expert's page, without an account: the question, the project, the answer form. An
    unknown link is a 404; a revoked or expired one a 410; each says so plainly."""
    avis = jetons.retrouver(jeton)
    if avis is None:
        return _page_secrete(render(request, "avis/lien_inconnu.html", status=404))
    etat = services.etat_du_lien(avis)
    form = None
    if etat == "ouvert":
        form = ReponseAvisForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
        )
        if form.is_valid():
            try:
                services.repondre_avis(
                    avis=avis,
                    texte=form.cleaned_data["reponse"],
                    fichiers=form.cleaned_data["documents"],
                )
            except ValidationError as refus:
                appliquer_refus(request, refus, form)
            else:
                messages.success(request, "Merci : votre avis est enregistré.")
                return _page_secrete(redirect(request.path))
            avis.refresh_from_db()
            etat = services.etat_du_lien(avis)
    statut = {"ouvert": 400 if form is not None and form.is_bound else 200, "repondu": 200}
    return _page_secrete(
        render(
            request,
            "avis/repondre.html",
            {"avis": avis, "demande": avis.demande, "etat": etat, "form": form},
            status=statut.get(etat, 410),
        )
    )
