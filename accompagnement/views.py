"""After the decision: the plan's action pages, the progress point, the closing, the
satisfaction, and the year's report. Thin: parse, call one service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from comite import pdf
from comite.selectors import acces_a_l_espace
from demandes.models import Demande, Statut
from demandes.workflow import est_de_la_collectivite
from guichet.comptes.roles import est_agent_de_l_etat
from guichet.erreurs import appliquer_refus

from . import bilan as bilans
from . import regles, services
from .forms import ActionForm, ClotureForm, PointEtapeForm, SatisfactionForm
from .models import Action, Cloture

PREMIERE_ANNEE = 2020


def _demande(request, pk):
    """404 for a demande the person may not see."""
    return get_object_or_404(Demande.objects.visibles_par(request.user), pk=pk)


def _donnees(request):
    return request.POST if request.method == "POST" else None


def _page(request, demande, form, *, titre, action_url, introduction="", ancre=""):
    return render(
        request,
        "accompagnement/formulaire.html",
        {
            "demande": demande,
            "form": form,
            "titre": titre,
            "action_url": action_url,
            "introduction": introduction,
            "retour": f"{demande.get_absolute_url()}{ancre}",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _plan_fige(request, demande):
    messages.error(
        request,
        services.PLAN_FIGE.format(statut=Statut(demande.statut).label),
    )
    return redirect(demande)


@login_required
@require_http_methods(["GET", "POST"])
def ajouter_action(request, pk):
    demande = _demande(request, pk)
    permis = regles.porteurs_permis(request.user, demande)
    if not permis:
        raise PermissionDenied("Vous lisez ce plan d'action sans pouvoir le modifier.")
    if not regles.plan_modifiable(demande):
        return _plan_fige(request, demande)
    form = ActionForm(_donnees(request), permis=permis)
    if request.method == "POST" and form.is_valid():
        porteur, operateur = form.porteur_et_operateur()
        donnees = form.cleaned_data
        try:
            services.ajouter_action(
                demande=demande,
                par=request.user,
                libelle=donnees["libelle"],
                porteur=porteur,
                operateur=operateur,
                echeance=donnees["echeance"],
                etat=donnees["etat"],
                commentaire=donnees["commentaire"],
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(request, "Action ajoutée au plan d'action.")
            return redirect(f"{demande.get_absolute_url()}#plan-d-action")
    return _page(
        request,
        demande,
        form,
        titre="Ajouter une action au plan d'action",
        action_url=reverse("accompagnement:ajouter_action", args=[demande.pk]),
        ancre="#plan-d-action",
    )


@login_required
@require_http_methods(["GET", "POST"])
def modifier_action(request, pk, action_pk):
    demande = _demande(request, pk)
    action = get_object_or_404(
        Action.objects.select_related("operateur"), pk=action_pk, demande=demande
    )
    permis = regles.porteurs_permis(request.user, demande)
    if not permis or not regles.peut_modifier_action(request.user, action, permis):
        raise PermissionDenied("Vous ne modifiez que les actions dont vous êtes le porteur.")
    if not regles.plan_modifiable(demande):
        return _plan_fige(request, demande)
    form = ActionForm(
        _donnees(request),
        permis=permis,
        bouton="Enregistrer l'action",
        initial=ActionForm.initial_de(action),
    )
    if request.method == "POST" and form.is_valid():
        porteur, operateur = form.porteur_et_operateur()
        donnees = form.cleaned_data
        try:
            services.modifier_action(
                action=action,
                par=request.user,
                version=donnees["version"],
                libelle=donnees["libelle"],
                porteur=porteur,
                operateur=operateur,
                echeance=donnees["echeance"],
                etat=donnees["etat"],
                commentaire=donnees["commentaire"],
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(request, "Action mise à jour.")
            return redirect(f"{demande.get_absolute_url()}#plan-d-action")
    return _page(
        request,
        demande,
        form,
        titre="Modifier une action du plan d'action",
        action_url=reverse("accompagnement:modifier_action", args=[demande.pk, action.pk]),
        ancre="#plan-d-action",
    )


@login_required
@require_http_methods(["GET", "POST"])
def point_d_etape(request, pk):
    demande = _demande(request, pk)
    if not est_de_la_collectivite(request.user, demande):
        raise PermissionDenied("Seule la collectivité donne le point d'étape de son projet.")
    if not demande.points_d_etape.filter(date_reponse__isnull=True).exists():
        messages.info(request, "Aucun point d'étape n'est demandé en ce moment.")
        return redirect(demande)
    form = PointEtapeForm(_donnees(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.repondre_point_d_etape(
                demande=demande, par=request.user, reponse=form.cleaned_data["reponse"]
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(request, "Point d'étape envoyé : il est dans les échanges.")
            return redirect(f"{demande.get_absolute_url()}#fil")
    return _page(
        request,
        demande,
        form,
        titre="Où en êtes-vous ?",
        action_url=reverse("accompagnement:point_d_etape", args=[demande.pk]),
        introduction="L'État et les opérateurs qui vous accompagnent liront votre réponse "
        "dans les échanges de la demande.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def cloturer(request, pk):
    demande = _demande(request, pk)
    if not est_agent_de_l_etat(request.user, demande.departement_id):
        raise PermissionDenied("Seuls la préfecture et la DDT clôturent une demande.")
    form = ClotureForm(_donnees(request), initial={"version": demande.version})
    if request.method == "POST" and form.is_valid():
        donnees = form.cleaned_data
        try:
            services.cloturer(
                demande=demande,
                par=request.user,
                version=donnees["version"],
                issue=donnees["issue"],
                montant_obtenu=donnees["montant_obtenu"],
                financeurs=donnees["financeurs"],
                commentaire=donnees["commentaire"],
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(
                request,
                "Demande clôturée : la collectivité est prévenue et invitée à donner son avis.",
            )
            return redirect(f"{demande.get_absolute_url()}#cloture")
    return _page(
        request,
        demande,
        form,
        titre="Clôturer la demande",
        action_url=reverse("accompagnement:cloturer", args=[demande.pk]),
        introduction="Enregistrez l'issue du projet et le financement obtenu. La collectivité "
        "sera invitée à dire, de 1 à 5, sa satisfaction sur l'accompagnement.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def satisfaction(request, pk):
    demande = _demande(request, pk)
    if not est_de_la_collectivite(request.user, demande):
        raise PermissionDenied("Seule la collectivité donne son avis sur l'accompagnement.")
    cloture = Cloture.objects.filter(demande=demande).first()
    if not regles.peut_donner_satisfaction(request.user, demande) or cloture is None:
        messages.info(request, "Votre avis se donne une fois la demande clôturée.")
        return redirect(demande)
    initial = {}
    if cloture.satisfaction:
        initial = {
            "satisfaction": cloture.satisfaction,
            "commentaire": cloture.commentaire_satisfaction,
        }
    form = SatisfactionForm(_donnees(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.donner_satisfaction(
                demande=demande,
                par=request.user,
                satisfaction=form.cleaned_data["satisfaction"],
                commentaire=form.cleaned_data["commentaire"],
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(request, "Merci : votre avis est enregistré.")
            return redirect(f"{demande.get_absolute_url()}#cloture")
    return _page(
        request,
        demande,
        form,
        titre="Votre avis sur l'accompagnement",
        action_url=reverse("accompagnement:satisfaction", args=[demande.pk]),
        introduction=f"Issue enregistrée par l'État : {cloture.get_issue_display()}.",
        ancre="#cloture",
    )


def _annee_du_bilan(request, annee):
    """The report is for the State and the comité's members (403 for the others); a year
    outside the guichet's life is a 404."""
    if not acces_a_l_espace(request.user):
        raise PermissionDenied("Le bilan est réservé à la préfecture, à la DDT et au comité.")
    if not PREMIERE_ANNEE <= annee <= timezone.localdate().year:
        raise Http404
    return annee


@login_required
@require_GET
def bilan(request, annee=None):
    """The year's report; without a year (the menu's link), the current one."""
    annee = _annee_du_bilan(request, annee or timezone.localdate().year)
    annees = range(timezone.localdate().year, PREMIERE_ANNEE - 1, -1)
    return render(
        request,
        "accompagnement/bilan.html",
        {"bilan": bilans.bilan(annee, request.user), "annees": annees},
    )


@login_required
@require_GET
def bilan_pdf(request, annee):
    annee = _annee_du_bilan(request, annee)
    try:
        contenu = pdf.rendre(
            "accompagnement/pdf/bilan.html",
            {"bilan": bilans.bilan(annee, request.user), "genere_le": timezone.now()},
        )
    except pdf.PdfIndisponible:
        return render(request, "accompagnement/pdf_indisponible.html", status=503)
    reponse = HttpResponse(contenu, content_type="application/pdf")
    reponse["Content-Disposition"] = f'inline; filename="bilan-guichet-unique-{annee}.pdf"'
    return reponse
