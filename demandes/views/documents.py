"""A demande's documents: download one, add some after filing, and the filing receipt (PDF)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from comite.pdf import PdfIndisponible
from guichet.erreurs import appliquer_refus

from .. import recepisse, selectors, services, workflow
from ..forms import AjoutDocumentsForm
from .collectivite import page_de_la_demande


def _demande_visible(user, pk):
    return get_object_or_404(selectors.demandes_visibles(user), pk=pk)


@login_required
def telecharger(request, pk, piece_pk):
    demande = _demande_visible(request.user, pk)
    piece = get_object_or_404(selectors.pieces_visibles(request.user, demande), pk=piece_pk)
    try:
        fichier = piece.fichier.open("rb")
    except FileNotFoundError as erreur:
        raise Http404("Ce document n'est plus disponible.") from erreur
    reponse = FileResponse(
        fichier, as_attachment=True, filename=piece.nom, content_type=piece.type_mime
    )
    reponse["Cache-Control"] = "private, no-store"
    return reponse


@login_required
@require_POST
def ajouter_documents(request, pk):
    demande = _demande_visible(request.user, pk)
    if not workflow.est_de_la_collectivite(request.user, demande):
        raise PermissionDenied("Seule la collectivité ajoute des documents.")
    form = AjoutDocumentsForm(
        request.POST,
        request.FILES,
        user=request.user,
        pieces_existantes=services.nombre_de_documents(demande),
    )
    if form.is_valid():
        try:
            services.ajouter_documents(
                demande=demande, par=request.user, fichiers=form.documents_a_joindre()
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(request, "Documents ajoutés à la demande.")
            return redirect(demande.get_absolute_url() + "#documents")
    form.mettre_de_cote_les_documents()
    return page_de_la_demande(request, pk, form_documents=form)


@login_required
def recepisse_pdf(request, pk):
    """The filing receipt, for whoever sees the demande; a draft has none (404)."""
    demande = _demande_visible(request.user, pk)
    if demande.date_depot is None:
        raise Http404("Une demande non déposée n'a pas de récépissé.")
    try:
        contenu = recepisse.pdf(demande)
    except PdfIndisponible:
        return render(request, "demandes/pdf_indisponible.html", {"demande": demande}, status=503)
    reponse = HttpResponse(contenu, content_type="application/pdf")
    reponse["Content-Disposition"] = f'inline; filename="recepisse-{demande.reference}.pdf"'
    reponse["Cache-Control"] = "private, no-store"
    return reponse
