"""The secretariat's choice of documents, and the file members download before the séance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from guichet.erreurs import appliquer_refus

from .. import pdf
from ..views import _seance, _seance_geree
from . import assemblage, selectors, services
from .forms import ChoixDesPiecesForm

RESERVE_AUX_MEMBRES = "Le dossier de séance est réservé aux membres du comité et à l'État."


@login_required
@require_http_methods(["GET", "POST"])
def choisir_pieces(request, pk):
    seance = _seance_geree(request, pk)
    form = ChoixDesPiecesForm(
        request.POST if request.method == "POST" else None,
        points=selectors.points_pour_le_choix(seance),
        initial={"version": seance.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.choisir_pieces_du_dossier(
                seance=seance,
                par=request.user,
                version=form.cleaned_data["version"],
                choix=form.choix(),
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(request, "Documents du dossier de séance enregistrés.")
            return redirect(seance.get_absolute_url() + "#dossier-de-seance")
    return render(
        request,
        "comite/dossier_choix.html",
        {"seance": seance, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def dossier_pdf(request, pk):
    seance = _seance(request, pk)
    if not seance.voit_les_dossiers:
        raise PermissionDenied(RESERVE_AUX_MEMBRES)
    try:
        contenu = assemblage.fabriquer(
            seance,
            request.user,
            lien_de_la_demande=lambda demande: request.build_absolute_uri(
                demande.get_absolute_url()
            ),
        )
    except pdf.PdfIndisponible:
        return render(request, "comite/pdf_indisponible.html", {"seance": seance}, status=503)
    nom = f"dossier-de-seance-{timezone.localtime(seance.date):%Y-%m-%d}.pdf"
    return FileResponse(contenu, content_type="application/pdf", filename=nom)
