"""The comité's pages: séances, their agenda, the State's actions on it, the members' answers,
and the printable agenda, record of decisions and invitation. Plain forms, no JavaScript.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from avis.selectors import joindre_aux_points as joindre_les_avis_aux_points
from demandes.forms import ConfirmationForm
from guichet.comptes.roles import dans_ses_departements, est_agent_de_l_etat
from guichet.erreurs import appliquer_refus

from . import feuille_de_route as route
from . import invitation, pdf, selectors, services, workflow
from .forms import (
    ConvocationForm,
    DecisionForm,
    InscriptionForm,
    PlanificationForm,
    PointForm,
    PrioriteForm,
    SeanceForm,
    SujetForm,
)
from .models import ModeDecision, Priorite, Seance
from .secretariat.selectors import completer_la_seance, joindre_les_presences

# What a one-button action answers when the version it sent is not a number the page could show.
PAGE_PERIMEE = "La page de la séance n'était plus à jour : rechargez-la, puis recommencez."


def _exiger_acces(user):
    if not selectors.acces_a_l_espace(user):
        raise PermissionDenied("Espace réservé à la préfecture, à la DDT et aux membres du comité.")


def _seance(request, pk):
    """404 for a séance the person may not see (no leak of its existence)."""
    try:
        return selectors.seance_pour_detail(request.user, pk)
    except Seance.DoesNotExist as erreur:
        raise Http404 from erreur


def _seance_geree(request, pk):
    seance = _seance(request, pk)
    if not seance.gere:
        raise PermissionDenied(workflow.RESERVEE_A_L_ETAT)
    return seance


@login_required
def seances(request, form=None):
    _exiger_acces(request.user)
    gere = est_agent_de_l_etat(request.user)
    # For a State agent, the comités where they may plan: the same list as the form's choice.
    comites = selectors.comites_nommes_en_tete(request.user)
    if gere and form is None:
        form = _form_de_planification(comites)
    a_venir, passees = selectors.liste_des_seances(request.user, timezone.now())
    return render(
        request,
        "comite/seances.html",
        {
            "a_venir": a_venir,
            "passees": passees,
            "comites": comites,
            "gere": gere,
            "form": form,
        },
        status=400 if form is not None and form.is_bound else 200,
    )


def _form_de_planification(comites, donnees=None):
    """The form of a new séance among ``comites`` (``selectors.comites_ou_planifier``): with a
    choice of comité for an agent of several départements; its example of a place names the
    préfecture of the one département they serve."""
    return PlanificationForm(
        donnees,
        prefix="seance",
        comites=comites,
        departement=comites[0].departement if len(comites) == 1 else None,
    )


@login_required
@require_POST
def planifier(request):
    _exiger_acces(request.user)
    if not est_agent_de_l_etat(request.user):
        raise PermissionDenied(workflow.RESERVEE_A_L_ETAT)
    form = _form_de_planification(selectors.comites_ou_planifier(request.user), request.POST)
    if form.is_valid():
        try:
            seance = services.planifier_seance(
                comite=form.cleaned_data.get("comite") or selectors.comite_de(request.user),
                par=request.user,
                date=form.cleaned_data["date"],
                lieu=form.cleaned_data["lieu"],
                lien_visio=form.cleaned_data["lien_visio"],
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(
                request, "Séance planifiée : composez son ordre du jour puis publiez-le."
            )
            return redirect(seance)
    return seances(request, form=form)


def _page_seance(request, seance, status=200, **formulaires):
    if seance.peut_modifier_ordre_du_jour:
        initial = {"version": seance.version}
        formulaires.setdefault(
            "form_inscription",
            InscriptionForm(prefix="inscription", comite=seance.comite, initial=initial),
        )
        formulaires.setdefault(
            "form_sujet", SujetForm(prefix="sujet", comite=seance.comite, initial=initial)
        )
    if seance.peut_repondre_convocation:
        convocation = seance.convocation
        formulaires.setdefault(
            "form_convocation",
            ConvocationForm(
                prefix="convocation",
                initial={
                    "reponse": convocation.reponse if convocation else "",
                    "represente_par": convocation.represente_par if convocation else "",
                },
            ),
        )
    completer_la_seance(request.user, seance)
    return render(
        request,
        "comite/seance.html",
        {
            "seance": seance,
            "convocations": selectors.convocations(seance) if seance.gere else [],
            **formulaires,
        },
        status=status,
    )


@login_required
def seance(request, pk):
    return _page_seance(request, _seance(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def modifier_seance(request, pk):
    seance = _seance_geree(request, pk)
    form = SeanceForm(
        request.POST if request.method == "POST" else None,
        bouton="Enregistrer",
        departement=seance.comite.departement,
        initial={
            "version": seance.version,
            "date": timezone.localtime(seance.date),
            "lieu": seance.lieu,
            "lien_visio": seance.lien_visio,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.modifier_seance(
                seance=seance,
                par=request.user,
                version=form.cleaned_data["version"],
                date=form.cleaned_data["date"],
                lieu=form.cleaned_data["lieu"],
                lien_visio=form.cleaned_data["lien_visio"],
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(request, "Séance modifiée.")
            return redirect(seance)
    return _formulaire(request, seance, form, "Modifier la séance")


def _formulaire(request, seance, form, titre, point=None, avertissement=""):
    return render(
        request,
        "comite/formulaire.html",
        {
            "seance": seance,
            "form": form,
            "titre": titre,
            "point": point,
            "avertissement": avertissement,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def inscrire(request, pk):
    seance = _seance_geree(request, pk)
    form = InscriptionForm(request.POST, prefix="inscription", comite=seance.comite)
    if form.is_valid():
        try:
            # The form's fields are the service's arguments, one for one.
            services.inscrire_demande(seance=seance, par=request.user, **form.cleaned_data)
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(request, "Demande inscrite à l'ordre du jour.")
            return redirect(seance)
    return _page_seance(request, seance, status=400, form_inscription=form)


@login_required
@require_POST
def ajouter_sujet(request, pk):
    seance = _seance_geree(request, pk)
    form = SujetForm(request.POST, prefix="sujet", comite=seance.comite)
    if form.is_valid():
        try:
            services.ajouter_sujet(seance=seance, par=request.user, **form.cleaned_data)
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(request, "Point ajouté à l'ordre du jour.")
            return redirect(seance)
    return _page_seance(request, seance, status=400, form_sujet=form)


def _point(seance, point_pk):
    return get_object_or_404(seance.points.all(), pk=point_pk)


def _bouton(request, appel, succes):
    """A one-button action: success or refusal is told by a message on the séance page.

    ``appel`` receives the séance version the page was showing (``None`` when it sent none).
    """
    form = ConfirmationForm(request.POST)
    if not form.is_valid():
        messages.error(request, PAGE_PERIMEE)
        return
    try:
        appel(form.cleaned_data["version"])
    except ValidationError as refus:
        appliquer_refus(request, refus)
    else:
        messages.success(request, succes)


@login_required
@require_POST
def deplacer(request, pk, point_pk):
    seance = _seance_geree(request, pk)
    point = _point(seance, point_pk)
    sens = "monter" if request.POST.get("sens") == "monter" else "descendre"
    _bouton(
        request,
        lambda version: services.deplacer_point(
            point=point, par=request.user, version=version, sens=sens
        ),
        "Ordre du jour réordonné.",
    )
    return redirect(seance.get_absolute_url() + "#ordre-du-jour")


@login_required
@require_http_methods(["GET", "POST"])
def modifier_point(request, pk, point_pk):
    seance = _seance_geree(request, pk)
    point = _point(seance, point_pk)
    form = PointForm(
        request.POST if request.method == "POST" else None,
        comite=seance.comite,
        initial={
            "version": seance.version,
            "rapporteur": point.rapporteur_id,
            "duree_minutes": point.duree_minutes,
            "interne": point.interne,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.modifier_point(
                point=point,
                par=request.user,
                version=form.cleaned_data["version"],
                rapporteur=form.cleaned_data["rapporteur"],
                duree_minutes=form.cleaned_data["duree_minutes"],
                interne=form.cleaned_data["interne"],
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(request, "Point modifié.")
            return redirect(seance)
    return _formulaire(request, seance, form, "Rapporteur et durée du point", point)


@login_required
@require_http_methods(["GET", "POST"])
def decider(request, pk, point_pk):
    seance = _seance_geree(request, pk)
    point = _point(seance, point_pk)
    # Before the séance only a written consultation can have decided: the agent says so.
    initial = {"version": seance.version, "mode": ModeDecision.SEANCE if seance.commencee else ""}
    form = DecisionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.decider(
                point=point,
                par=request.user,
                version=form.cleaned_data["version"],
                decision=form.cleaned_data["decision"],
                mode=form.cleaned_data["mode"],
                commentaire=form.cleaned_data["commentaire"],
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(
                request,
                "Décision enregistrée : "
                + (
                    "les opérateurs concernés sont prévenus (point interne : la collectivité ne "
                    "l'est pas)."
                    if point.interne
                    else "la collectivité et les opérateurs concernés sont prévenus."
                ),
            )
            return redirect(seance.get_absolute_url() + "#ordre-du-jour")
    avertissement = (
        ""
        if seance.commencee
        else "La séance n'a pas encore commencé : seule une décision déjà prise par "
        "consultation écrite des membres peut être enregistrée."
    )
    return _formulaire(request, seance, form, "Décision du comité", point, avertissement)


def _action_de_seance(request, pk, service, succes):
    seance = _seance_geree(request, pk)
    _bouton(
        request,
        lambda version: service(seance=seance, par=request.user, version=version),
        succes,
    )
    return redirect(seance)


@login_required
@require_POST
def publier(request, pk):
    return _action_de_seance(
        request,
        pk,
        services.publier_ordre_du_jour,
        "Ordre du jour publié : les membres sont convoqués, l'invitation leur est envoyée.",
    )


@login_required
@require_POST
def clore(request, pk):
    return _action_de_seance(
        request, pk, services.clore_seance, "Séance close : son ordre du jour est figé."
    )


@login_required
@require_POST
def publier_releve(request, pk):
    return _action_de_seance(
        request,
        pk,
        services.publier_releve,
        "Relevé de décisions publié : les membres sont prévenus.",
    )


@login_required
@require_POST
def convocation(request, pk):
    seance = _seance(request, pk)
    form = ConvocationForm(request.POST, prefix="convocation")
    if form.is_valid():
        try:
            services.repondre_convocation(
                seance=seance,
                par=request.user,
                reponse=form.cleaned_data["reponse"],
                represente_par=form.cleaned_data["represente_par"],
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(request, "Votre réponse est enregistrée.")
            return redirect(seance.get_absolute_url() + "#convocation")
    return _page_seance(request, seance, status=400, form_convocation=form)


def _nom_de_fichier(seance, nature, extension):
    return f"{nature}-{timezone.localtime(seance.date):%Y-%m-%d}.{extension}"


def _pdf(seance, gabarit, nature, request):
    joindre_les_avis_aux_points(seance.liste_des_points)
    from accompagnement.selectors import joindre_les_plans

    # Each supported demande's action plan (one query for the whole agenda).
    joindre_les_plans(seance.liste_des_points)
    # Withdrawn items and corrected decisions; the minutes' list of who sat.
    completer_la_seance(request.user, seance)
    joindre_les_presences(seance)
    try:
        contenu = pdf.rendre(gabarit, {"seance": seance, "genere_le": timezone.now()})
    except pdf.PdfIndisponible:
        # Pango missing on this machine: say so plainly rather than fail with a 500.
        return render(request, "comite/pdf_indisponible.html", {"seance": seance}, status=503)
    reponse = HttpResponse(contenu, content_type="application/pdf")
    reponse["Content-Disposition"] = f'inline; filename="{_nom_de_fichier(seance, nature, "pdf")}"'
    return reponse


@login_required
def ordre_du_jour_pdf(request, pk):
    return _pdf(_seance(request, pk), "comite/pdf/ordre_du_jour.html", "ordre-du-jour", request)


@login_required
def releve_pdf(request, pk):
    seance = _seance(request, pk)
    if not seance.releve_lisible:
        raise Http404("Relevé de décisions pas encore publié.")
    return _pdf(seance, "comite/pdf/releve_de_decisions.html", "releve-de-decisions", request)


@login_required
def invitation_ics(request, pk):
    seance = _seance(request, pk)
    points = [p for p in seance.liste_des_points if not p.interne and not p.date_retrait]
    # Those who sit (the State, the members) get the request, the others the public agenda.
    pour_les_membres = seance.voit_la_visio
    reponse = HttpResponse(
        invitation.invitation(seance, points, pour_les_membres=pour_les_membres),
        content_type="text/calendar; charset=utf-8; method="
        + ("REQUEST" if pour_les_membres else "PUBLISH"),
    )
    reponse["Content-Disposition"] = (
        f'attachment; filename="{_nom_de_fichier(seance, "invitation", "ics")}"'
    )
    return reponse


@login_required
@require_http_methods(["GET", "POST"])
def feuille_de_route(request):
    _exiger_acces(request.user)
    comite = selectors.comite_de(request.user)
    gere = est_agent_de_l_etat(request.user, comite.departement_id)
    form = None
    if gere:
        form = PrioriteForm(request.POST if request.method == "POST" else None, comite=comite)
        if request.method == "POST" and form.is_valid():
            try:
                route.adopter(comite=comite, par=request.user, **form.cleaned_data)
            except ValidationError as refus:
                appliquer_refus(request, refus, form)
            else:
                messages.success(request, "Priorité ajoutée à la feuille de route.")
                return redirect("comite:feuille_de_route")
    elif request.method == "POST":
        raise PermissionDenied(route.RESERVEE_A_L_ETAT)
    epcis, lignes = route.besoins(comite)
    return render(
        request,
        "comite/feuille_de_route.html",
        {
            "comite": comite,
            "priorites": route.priorites(comite),
            "form": form,
            "epcis": epcis,
            "lignes": lignes,
            "gere": gere,
        },
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def retirer_priorite(request, pk):
    _exiger_acces(request.user)
    if not est_agent_de_l_etat(request.user):
        raise PermissionDenied(route.RESERVEE_A_L_ETAT)
    # Another département's priority is a 404, as if it did not exist.
    priorite = get_object_or_404(
        Priorite.objects.filter(dans_ses_departements(request.user, "comite__departement")), pk=pk
    )
    route.retirer(priorite=priorite, par=request.user)
    messages.success(request, "Priorité retirée de la feuille de route.")
    return redirect("comite:feuille_de_route")
