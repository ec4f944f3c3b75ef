"""The request pages: the collectivité's list and forms, the request page, thread, documents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from .. import equipe, permissions, selectors, services, workflow
from ..forms import ConfirmationForm, DemandeForm, MessageForm, ReponseComplementForm
from ..models import Demande, PieceJointe, Statut

PAR_PAGE = 20


def _demande_visible(user, pk):
    return get_object_or_404(selectors.demandes_visibles(user), pk=pk)


def _erreurs_du_service(form, erreur):
    for champ, message in erreur.erreurs.items():
        form.add_error(champ if champ in form.fields else None, message)


def _executer(request, demande, action):
    """Run a service call; turn its refusals into what the person sees. True when it succeeded."""
    try:
        action()
    except workflow.ActionNonAutorisee as erreur:
        raise PermissionDenied(str(erreur)) from erreur
    except (workflow.TransitionInterdite, services.ModifieeEntreTemps) as erreur:
        messages.error(request, str(erreur))
        return False
    return True


@login_required
def liste(request):
    page = Paginator(selectors.liste_des_demandes(request.user), PAR_PAGE).get_page(
        request.GET.get("page")
    )
    for demande in page.object_list:
        demande.couleur = workflow.COULEUR_BADGE[demande.statut]
        demande.prochaine_action = workflow.PROCHAINE_ACTION_COLLECTIVITE[demande.statut]
    return render(
        request,
        "demandes/liste.html",
        {"page": page, "peut_deposer": permissions.peut_deposer(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def nouvelle(request):
    collectivites = list(permissions.collectivites_de(request.user))
    if not permissions.peut_deposer(request.user) or not collectivites:
        raise PermissionDenied("Seul un membre d'une collectivité dépose une demande.")
    form = DemandeForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        deposer="deposer" in request.POST,
    )
    if request.method == "POST" and form.is_valid():
        donnees = form.cleaned_data
        demande = services.creer_brouillon(
            collectivite=collectivites[0],
            par=request.user,
            donnees=donnees,
            thematiques=donnees["thematiques"],
            fichiers=donnees["documents"],
        )
        return _apres_enregistrement(request, demande, form)
    return render(request, "demandes/formulaire.html", {"form": form, "demande": None})


def _apres_enregistrement(request, demande, form):
    if not form.deposer:
        messages.success(request, "Brouillon enregistré. Vous pouvez y revenir à tout moment.")
        return redirect(demande)
    try:
        demande = services.deposer_demande(
            demande=demande, par=request.user, version=demande.version
        )
    except services.DemandeIncomplete as erreur:
        _erreurs_du_service(form, erreur)
        return render(request, "demandes/formulaire.html", {"form": form, "demande": demande})
    messages.success(
        request,
        f"Demande déposée sous la référence {demande.reference}. "
        "La préfecture et la DDT en sont informées.",
    )
    return redirect(demande)


@login_required
@require_http_methods(["GET", "POST"])
def modifier(request, pk):
    demande = _demande_visible(request.user, pk)
    if not workflow.est_de_la_collectivite(request.user, demande):
        raise PermissionDenied
    if demande.statut != Statut.BROUILLON:
        messages.error(request, "Seul un brouillon se modifie.")
        return redirect(demande)
    form = DemandeForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=demande,
        deposer="deposer" in request.POST,
        pieces_existantes=demande.pieces.count(),
    )
    if request.method == "POST" and form.is_valid():
        donnees = form.cleaned_data
        try:
            demande = services.modifier_brouillon(
                demande=demande,
                par=request.user,
                version=donnees["version"],
                donnees=donnees,
                thematiques=donnees["thematiques"],
                fichiers=donnees["documents"],
            )
        except services.ModifieeEntreTemps as erreur:
            form.add_error(None, str(erreur))
        except services.DemandeIncomplete as erreur:
            _erreurs_du_service(form, erreur)
        else:
            return _apres_enregistrement(request, demande, form)
    return render(request, "demandes/formulaire.html", {"form": form, "demande": demande})


@login_required
def detail(request, pk):
    try:
        demande = selectors.demande_pour_detail(
            request.user,
            pk,
            page_echanges=request.GET.get("echanges"),
            page_historique=request.GET.get("historique"),
        )
    except Demande.DoesNotExist as erreur:
        raise Http404 from erreur
    equipe.marquer_vue(user=request.user, demande=demande)
    return render(
        request,
        "demandes/detail.html",
        {
            "demande": demande,
            "explication": workflow.EXPLICATIONS[demande.statut],
            "couleur": workflow.COULEUR_BADGE[demande.statut],
            "form_message": MessageForm(peut_ecrire_interne=selectors.voit_l_interne(request.user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def supprimer(request, pk):
    demande = _demande_visible(request.user, pk)
    if request.method == "POST":
        if _executer(
            request,
            demande,
            lambda: services.supprimer_brouillon(demande=demande, par=request.user),
        ):
            messages.success(request, "Brouillon supprimé.")
            return redirect("demandes:liste")
        return redirect(demande)
    return _confirmer(request, demande, "supprimer")


@login_required
@require_http_methods(["GET", "POST"])
def retirer(request, pk):
    demande = _demande_visible(request.user, pk)
    if request.method == "POST":
        form = ConfirmationForm(request.POST)
        if form.is_valid() and _executer(
            request,
            demande,
            lambda: services.retirer_demande(
                demande=demande, par=request.user, version=form.cleaned_data["version"]
            ),
        ):
            messages.success(request, "Demande retirée. Elle reste dans votre historique.")
        return redirect(demande)
    if "retirer" not in {t.nom for t in workflow.actions_possibles(request.user, demande)}:
        messages.error(request, "Cette demande ne peut plus être retirée.")
        return redirect(demande)
    return _confirmer(request, demande, "retirer")


def _confirmer(request, demande, action):
    return render(
        request,
        "demandes/confirmer.html",
        {
            "demande": demande,
            "action": action,
            "form": ConfirmationForm(initial={"version": demande.version}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def completer(request, pk):
    demande = _demande_visible(request.user, pk)
    if not workflow.est_de_la_collectivite(request.user, demande):
        raise PermissionDenied
    complement = demande.complements.filter(date_reponse__isnull=True).first()
    if demande.statut != Statut.A_COMPLETER or complement is None:
        messages.info(request, "Aucun complément n'est demandé pour le moment.")
        return redirect(demande)
    form = ReponseComplementForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        complement=complement,
        pieces_existantes=demande.pieces.count(),
        initial={"version": demande.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.repondre_complement(
                demande=demande,
                par=request.user,
                version=form.cleaned_data["version"],
                reponses=form.reponses(),
                fichiers=form.cleaned_data["documents"],
            )
        except services.ModifieeEntreTemps as erreur:
            form.add_error(None, str(erreur))
        except services.DemandeIncomplete as erreur:
            _erreurs_du_service(form, erreur)
        else:
            messages.success(
                request, "Compléments envoyés : l'instruction de votre demande reprend."
            )
            return redirect(demande)
    return render(
        request,
        "demandes/completer.html",
        {"demande": demande, "complement": complement, "form": form},
    )


@login_required
@require_POST
def ecrire(request, pk):
    demande = _demande_visible(request.user, pk)
    if demande.statut == Statut.BROUILLON:
        raise PermissionDenied("Un brouillon n'a pas encore de fil de discussion.")
    if not workflow.peut_ecrire(request.user, demande):
        raise PermissionDenied("Vous lisez cette demande sans pouvoir y écrire.")
    form = MessageForm(request.POST, peut_ecrire_interne=selectors.voit_l_interne(request.user))
    if form.is_valid():
        envoye = _executer(
            request,
            demande,
            lambda: services.envoyer_message(
                demande=demande,
                par=request.user,
                texte=form.cleaned_data["texte"],
                interne=form.cleaned_data.get("interne", False),
            ),
        )
        if envoye:
            messages.success(request, "Message envoyé.")
        return redirect(demande.get_absolute_url() + "#fil")
    demande = selectors.demande_pour_detail(request.user, pk)
    return render(
        request,
        "demandes/detail.html",
        {
            "demande": demande,
            "explication": workflow.EXPLICATIONS[demande.statut],
            "couleur": workflow.COULEUR_BADGE[demande.statut],
            "form_message": form,
        },
        status=400,
    )


@login_required
def telecharger(request, pk, piece_pk):
    demande = _demande_visible(request.user, pk)
    piece = get_object_or_404(PieceJointe, pk=piece_pk, demande=demande)
    try:
        fichier = piece.fichier.open("rb")
    except FileNotFoundError as erreur:
        raise Http404("Ce document n'est plus disponible.") from erreur
    reponse = FileResponse(
        fichier, as_attachment=True, filename=piece.nom, content_type=piece.type_mime
    )
    reponse["Cache-Control"] = "private, no-store"
    return reponse
