"""The secretariat's pages: attendance, corrections and withdrawals, written consultations,
members' questions, the members' calendar feed and the public records. Plain forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from guichet.erreurs import appliquer_refus

from .. import views as vues_du_comite
from ..models import Consultation, PointOrdreDuJour, QuestionMembre, Seance
from . import agenda, selectors, services, workflow
from .forms import (
    ClotureConsultationForm,
    ConsultationForm,
    CorrectionForm,
    PresencesForm,
    QuestionForm,
    ReponseConsultationForm,
    ReponseQuestionForm,
    RetraitForm,
)


def _seance_geree(request, pk):
    return selectors.completer_la_seance(request.user, vues_du_comite._seance_geree(request, pk))


def _point(request, pk, point_pk):
    try:
        return selectors.point_lisible(request.user, pk, point_pk)
    except (Seance.DoesNotExist, PointOrdreDuJour.DoesNotExist) as erreur:
        raise Http404 from erreur


def _ancre(seance, point):
    return seance.get_absolute_url() + f"#point-{point.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def presences(request, pk):
    seance = _seance_geree(request, pk)
    lignes = selectors.feuille_de_presence(seance)
    form = PresencesForm(request.POST if request.method == "POST" else None, lignes=lignes)
    if request.method == "POST":
        # The step decides, not the form: a refusal is told on the page, with what was typed.
        if not seance.peut_enregistrer_presences:
            try:
                workflow.verifier("enregistrer_presences", user=request.user, seance=seance)
            except ValidationError as refus:
                appliquer_refus(request, refus, form)
        elif form.is_valid():
            try:
                services.enregistrer_presences(
                    seance=seance, par=request.user, presences=form.presences()
                )
            except ValidationError as refus:
                appliquer_refus(request, refus, form)
            else:
                messages.success(request, "Présences enregistrées.")
                return redirect(reverse("comite:presences", args=[seance.pk]))
    return render(
        request,
        "comite/secretariat/presences.html",
        {
            "seance": seance,
            "form": form,
            "lignes": lignes,
            "quorum": selectors.quorum(seance),
        },
        status=400 if form.is_bound else 200,
    )


def _formulaire_du_point(request, pk, point_pk, *, drapeau, form_class, titre, appel, succes):
    seance, point = _point(request, pk, point_pk)
    if not seance.gere:
        raise PermissionDenied(vues_du_comite.workflow.RESERVEE_A_L_ETAT)
    initial = {"decision": point.decision, "commentaire": point.commentaire}
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            appel(seance, point, form.cleaned_data)
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(request, succes(point))
            return redirect(_ancre(seance, point))
    avertissement = (
        "" if getattr(point, drapeau) else "Cette action n'est pas ouverte sur ce point."
    )
    return vues_du_comite._formulaire(request, seance, form, titre, point, avertissement)


@login_required
@require_http_methods(["GET", "POST"])
def corriger(request, pk, point_pk):
    return _formulaire_du_point(
        request,
        pk,
        point_pk,
        drapeau="peut_corriger_decision",
        form_class=CorrectionForm,
        titre="Corriger la décision",
        appel=lambda seance, point, donnees: services.corriger_decision(
            point=point, par=request.user, **donnees
        ),
        succes=lambda point: (
            "Décision corrigée : l'ancienne reste dans l'historique"
            + (
                " ; les opérateurs concernés sont prévenus."
                if point.interne
                else " ; la collectivité et les opérateurs concernés sont prévenus."
            )
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def retirer(request, pk, point_pk):
    return _formulaire_du_point(
        request,
        pk,
        point_pk,
        drapeau="peut_retirer_point",
        form_class=RetraitForm,
        titre="Retirer le point de l'ordre du jour",
        appel=lambda seance, point, donnees: services.retirer_point(
            point=point, par=request.user, motif=donnees["motif"]
        ),
        succes=lambda point: (
            "Point retiré de l'ordre du jour ; le retrait reste dans l'historique."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def consulter(request, pk, point_pk):
    seance, point = _point(request, pk, point_pk)
    if not seance.gere:
        raise PermissionDenied(vues_du_comite.workflow.RESERVEE_A_L_ETAT)
    form = ConsultationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.ouvrir_consultation(
                point=point, par=request.user, **form.cleaned_data
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(
                request, "Consultation écrite ouverte : les membres sont invités à répondre."
            )
            return redirect(consultation)
    avertissement = (
        ""
        if point.peut_ouvrir_consultation
        else "Ce point ne peut pas être soumis à une consultation écrite."
    )
    return vues_du_comite._formulaire(
        request, seance, form, "Consultation écrite des membres", point, avertissement
    )


def _consultation(request, pk):
    try:
        return selectors.consultation_pour(request.user, pk)
    except (Consultation.DoesNotExist, Seance.DoesNotExist) as erreur:
        raise Http404 from erreur


def _page_consultation(request, seance, consultation, status=200, **formulaires):
    if consultation.peut_repondre:
        ma_reponse = consultation.ma_reponse
        formulaires.setdefault(
            "form_reponse",
            ReponseConsultationForm(
                initial={
                    "avis": ma_reponse.avis if ma_reponse else None,
                    "commentaire": ma_reponse.commentaire if ma_reponse else "",
                }
            ),
        )
    if consultation.peut_clore:
        formulaires.setdefault("form_cloture", ClotureConsultationForm())
    return render(
        request,
        "comite/secretariat/consultation.html",
        {
            "seance": seance,
            "consultation": consultation,
            "point": consultation.point,
            **formulaires,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation(request, pk):
    seance, consultation = _consultation(request, pk)
    if request.method == "GET":
        return _page_consultation(request, seance, consultation)
    form = ReponseConsultationForm(request.POST)
    if form.is_valid():
        try:
            services.repondre_consultation(
                consultation=consultation, par=request.user, **form.cleaned_data
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(request, "Votre avis est enregistré.")
            return redirect(consultation)
    return _page_consultation(request, seance, consultation, status=400, form_reponse=form)


@login_required
@require_POST
def clore_consultation(request, pk):
    seance, consultation = _consultation(request, pk)
    if not seance.gere:
        raise PermissionDenied(vues_du_comite.workflow.RESERVEE_A_L_ETAT)
    form = ClotureConsultationForm(request.POST)
    if form.is_valid():
        try:
            services.clore_consultation(
                consultation=consultation, par=request.user, **form.cleaned_data
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(
                request,
                "Consultation close : la décision est enregistrée, par consultation écrite.",
            )
            return redirect(_ancre(seance, consultation.point))
    return _page_consultation(request, seance, consultation, status=400, form_cloture=form)


@login_required
@require_http_methods(["GET", "POST"])
def questions(request, pk, point_pk):
    seance, point = _point(request, pk, point_pk)
    if not point.lit_les_questions:
        raise PermissionDenied("Les questions sont lues par l'État et les membres du comité.")
    form = QuestionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.poser_question(point=point, par=request.user, texte=form.cleaned_data["texte"])
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(request, "Votre question est transmise.")
            return redirect(reverse("comite:questions", args=[seance.pk, point.pk]))
    return render(
        request,
        "comite/secretariat/questions.html",
        {
            "seance": seance,
            "point": point,
            "form": form if point.peut_poser_question else None,
            "form_reponse": ReponseQuestionForm() if point.peut_repondre_question else None,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def repondre_question(request, pk):
    question = get_object_or_404(QuestionMembre.objects.select_related("point"), pk=pk)
    seance, point = _point(request, question.point.seance_id, question.point_id)
    if not seance.gere:
        raise PermissionDenied(vues_du_comite.workflow.RESERVEE_A_L_ETAT)
    form = ReponseQuestionForm(request.POST)
    if form.is_valid():
        try:
            services.repondre_question(
                question=question, par=request.user, reponse=form.cleaned_data["reponse"]
            )
        except ValidationError as refus:
            appliquer_refus(request, refus)
        else:
            messages.success(request, "Réponse enregistrée ; le membre est prévenu.")
    else:
        messages.error(request, "Écrivez la réponse.")
    return redirect(reverse("comite:questions", args=[seance.pk, point.pk]))


# --- The calendar feed -----------------------------------------------------------------------


def _membre_ou_403(user):
    membre = selectors.agenda_du_membre(user)
    if membre is None:
        raise PermissionDenied("Le flux d'agenda est celui des membres du comité.")
    return membre


@login_required
def mon_agenda(request):
    membre = _membre_ou_403(request.user)
    adresse = None
    if membre.jeton_agenda:
        chemin = reverse("comite:flux_agenda", args=[membre.jeton_agenda])
        adresse = request.build_absolute_uri(chemin)
    return render(
        request,
        "comite/secretariat/agenda.html",
        {
            "membre": membre,
            "adresse": adresse,
            "webcal": "webcal://" + adresse.split("://", 1)[1] if adresse else None,
        },
    )


@login_required
@require_POST
def renouveler_agenda(request):
    membre = _membre_ou_403(request.user)
    services.renouveler_jeton_agenda(membre=membre)
    messages.success(
        request,
        "Nouvelle adresse créée : abonnez votre agenda à celle-ci ; l'ancienne ne répond plus.",
    )
    return redirect("comite:agenda")


def flux_agenda(request, jeton):
    """Served without a session: calendars fetch it alone; the secret address is the key."""
    membre = selectors.membre_du_jeton(jeton)
    if membre is None:
        raise Http404("Adresse d'agenda inconnue ou renouvelée.")
    reponse = HttpResponse(
        agenda.flux(membre, selectors.seances_du_flux(membre)),
        content_type="text/calendar; charset=utf-8",
    )
    reponse["Content-Disposition"] = 'inline; filename="seances-du-comite.ics"'
    reponse["Cache-Control"] = "private, no-store"
    reponse["X-Robots-Tag"] = "noindex"
    return reponse


# --- The public records ----------------------------------------------------------------------


def releves(request):
    return render(
        request, "comite/secretariat/releves.html", {"seances": list(selectors.releves_publics())}
    )


def releve(request, pk):
    try:
        seance = selectors.releve_public(pk)
    except Seance.DoesNotExist as erreur:
        raise Http404 from erreur
    return render(request, "comite/secretariat/releve.html", {"seance": seance})
