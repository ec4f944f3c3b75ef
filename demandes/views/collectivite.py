"""The request pages: the collectivité's list and forms, the request page and its thread."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from guichet.erreurs import appliquer_refus

from .. import equipe, permissions, selectors, services, workflow
from ..forms import (
    AjoutDocumentsForm,
    ConfirmationForm,
    DemandeForm,
    MessageForm,
    ReponseComplementForm,
)
from ..models import Demande, Statut

PAR_PAGE = 20


def _demande_visible(user, pk):
    return get_object_or_404(selectors.demandes_visibles(user), pk=pk)


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
        {
            "page": page,
            "peut_deposer": permissions.peut_deposer(request.user),
            "plusieurs_collectivites": permissions.collectivites_de(request.user).count() > 1,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def nouvelle(request):
    collectivites = permissions.collectivites_de(request.user)
    if not permissions.peut_deposer(request.user) or not collectivites.exists():
        raise PermissionDenied("Seul un membre d'une collectivité dépose une demande.")
    form = DemandeForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        user=request.user,
        deposer="deposer" in request.POST,
        initial=_contact_du_compte(request.user),
        collectivites=collectivites,
    )
    if request.method == "POST" and form.is_valid():
        donnees = form.cleaned_data
        try:
            demande = services.creer_brouillon(
                collectivite=donnees.get("collectivite") or collectivites.get(),
                par=request.user,
                donnees=donnees,
                thematiques=donnees["thematiques"],
                fichiers=form.documents_a_joindre(),
                deposer=form.deposer,
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            return _apres_enregistrement(request, demande)
    return _formulaire(request, form, demande=None)


def _contact_du_compte(user):
    """The new request's contact, prefilled from the person's account."""
    return {
        "contact_nom": user.get_full_name(),
        "contact_email": user.email,
        "contact_telephone": user.telephone,
    }


def _formulaire(request, form, *, demande):
    """The request form again, with its errors: the files it brought are kept (see
    ``DocumentsMixin``), so that nothing has to be chosen twice."""
    if form.is_bound:
        form.mettre_de_cote_les_documents()
    return render(request, "demandes/formulaire.html", {"form": form, "demande": demande})


def _apres_enregistrement(request, demande):
    if demande.statut == Statut.BROUILLON:
        messages.success(request, "Brouillon enregistré. Vous pouvez y revenir à tout moment.")
    else:
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
        user=request.user,
        instance=demande,
        deposer="deposer" in request.POST,
        pieces_existantes=services.nombre_de_documents(demande),
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
                fichiers=form.documents_a_joindre(),
                deposer=form.deposer,
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            return _apres_enregistrement(request, demande)
    return _formulaire(request, form, demande=demande)


@login_required
def detail(request, pk):
    return page_de_la_demande(request, pk)


def page_de_la_demande(request, pk, *, form_message=None, form_documents=None):
    """The request page; a form sent back with its errors (message, documents) takes the
    place of the empty one, with a 400."""
    try:
        demande = selectors.demande_pour_detail(
            request.user,
            pk,
            page_echanges=request.GET.get("echanges"),
            page_historique=request.GET.get("historique"),
        )
    except Demande.DoesNotExist as erreur:
        raise Http404 from erreur
    en_erreur = form_message is not None or form_documents is not None
    if not en_erreur:
        equipe.marquer_vue(user=request.user, demande=demande)
    if demande.peut_ecrire and form_message is None:
        form_message = MessageForm(
            user=request.user, peut_ecrire_interne=selectors.voit_l_interne(request.user)
        )
    if demande.peut_ajouter_des_documents and form_documents is None:
        form_documents = AjoutDocumentsForm(
            user=request.user, pieces_existantes=len(demande.documents_du_dossier)
        )
    return render(
        request,
        "demandes/detail.html",
        {
            "demande": demande,
            "explication": workflow.EXPLICATIONS[demande.statut],
            "couleur": workflow.COULEUR_BADGE[demande.statut],
            "form_message": form_message,
            "form_documents": form_documents,
        },
        status=400 if en_erreur else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def supprimer(request, pk):
    demande = _demande_visible(request.user, pk)
    if request.method == "POST":
        try:
            services.supprimer_brouillon(demande=demande, par=request.user)
        except ValidationError as refus:
            appliquer_refus(request, refus)
            return redirect(demande)
        messages.success(request, "Brouillon supprimé.")
        return redirect("demandes:liste")
    return _confirmer(request, demande, "supprimer")


@login_required
@require_http_methods(["GET", "POST"])
def retirer(request, pk):
    demande = _demande_visible(request.user, pk)
    if request.method == "POST":
        form = ConfirmationForm(request.POST)
        if form.is_valid():
            try:
                services.retirer_demande(
                    demande=demande, par=request.user, version=form.cleaned_data["version"]
                )
            except ValidationError as refus:
                appliquer_refus(request, refus)
            else:
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
        user=request.user,
        pieces_existantes=services.nombre_de_documents(demande),
        initial={"version": demande.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.repondre_complement(
                demande=demande,
                par=request.user,
                version=form.cleaned_data["version"],
                reponses=form.reponses(),
                fichiers=form.documents_a_joindre(),
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(
                request, "Compléments envoyés : l'instruction de votre demande reprend."
            )
            ancre = services.ancre_du_complement(complement)
            return redirect(f"{demande.get_absolute_url()}#{ancre}")
    if form.is_bound:
        form.mettre_de_cote_les_documents()
    return render(
        request,
        "demandes/completer.html",
        {"demande": demande, "complement": complement, "form": form},
    )


@login_required
@require_POST
def ecrire(request, pk):
    demande = _demande_visible(request.user, pk)
    if not workflow.a_ete_deposee(demande):
        raise PermissionDenied("Un brouillon n'a pas encore de fil de discussion.")
    if not workflow.peut_ecrire(request.user, demande):
        raise PermissionDenied("Vous lisez cette demande sans pouvoir y écrire.")
    form = MessageForm(
        request.POST,
        request.FILES,
        user=request.user,
        peut_ecrire_interne=selectors.voit_l_interne(request.user),
    )
    if form.is_valid():
        try:
            services.envoyer_message(
                demande=demande,
                par=request.user,
                texte=form.cleaned_data["texte"],
                interne=form.cleaned_data.get("interne", False),
                fichiers=form.documents_a_joindre(),
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(request, "Message envoyé.")
            return redirect(demande.get_absolute_url() + "#fil")
    form.mettre_de_cote_les_documents()
    return page_de_la_demande(request, pk, form_message=form)
