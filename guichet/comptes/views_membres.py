"""An organisation's members: the same pages for a collectivité, an operator and a State
service (``ESPACES``), and the acceptance of an invitation."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from guichet.comptes import selectors, services
from guichet.comptes.forms import CompteInviteForm, InvitationForm
from guichet.comptes.invitations import invitation_du_jeton
from guichet.comptes.models import Invitation, Rattachement
from guichet.comptes.organisations import ESPACES, Organisation
from guichet.erreurs import appliquer_refus


def _organisations(user, espace):
    """The organisations of this kind ``user`` belongs to; 403 when none."""
    rattachements = espace.rattachements(user).select_related(
        "collectivite", "operateur", "departement"
    )
    organisations = [Organisation.de(r) for r in rattachements]
    if not organisations:
        raise PermissionDenied("Vous n'êtes membre d'aucune organisation de ce type.")
    return sorted(organisations, key=lambda o: o.nom)


@login_required
@require_http_methods(["GET", "POST"])
def membres(request, espace):
    espace = ESPACES[espace]
    organisations = _organisations(request.user, espace)
    cle = request.GET.get("organisation")
    organisation = next((o for o in organisations if o.cle == cle), None) if cle else None
    if cle and organisation is None:
        raise Http404
    organisation = organisation or organisations[0]
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            invitation = services.inviter(
                par=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(
                request,
                f"Invitation envoyée à {invitation.email} : le lien est valable 7 jours.",
            )
            return redirect(organisation.url)
    return render(
        request,
        "comptes/membres.html",
        {
            "organisation": organisation,
            "organisations": organisations,
            "espace": espace,
            "form": form,
            **selectors.membres_de(organisation),
        },
        status=400 if form.is_bound else 200,
    )


def _de_mes_organisations(user, queryset):
    """``queryset`` (attachments or invitations) narrowed to the organisations of ``user``: a
    State service is the same service of the same département (the préfecture of the Doubs is
    not the Territoire de Belfort's)."""
    miens = user.rattachements.all()
    services = Q(pk__in=[])
    for service, departement in miens.exclude(service="").values_list("service", "departement"):
        services |= Q(service=service, departement=departement)
    return (
        queryset.filter(collectivite__in=miens.values("collectivite"))
        | queryset.filter(operateur__in=miens.values("operateur"))
        | queryset.filter(services)
    )


@login_required
@require_POST
def revoquer(request, pk):
    invitation = get_object_or_404(
        _de_mes_organisations(request.user, Invitation.objects.all()), pk=pk
    )
    try:
        services.revoquer_invitation(invitation=invitation, par=request.user)
    except ValidationError as refus:
        appliquer_refus(request, refus)
    else:
        messages.success(
            request, f"Invitation de {invitation.email} révoquée : le lien ne marche plus."
        )
    return redirect(Organisation.de(invitation).url)


@login_required
@require_POST
def retirer(request, pk):
    rattachement = get_object_or_404(
        _de_mes_organisations(request.user, Rattachement.objects.select_related("user")), pk=pk
    )
    organisation = Organisation.de(rattachement)
    try:
        services.retirer_membre(rattachement=rattachement, par=request.user)
    except ValidationError as refus:
        appliquer_refus(request, refus)
    else:
        if rattachement.user_id == request.user.pk:
            messages.success(request, f"Vous avez quitté {organisation.avec_article}.")
            return redirect("accueil")
        messages.success(
            request,
            f"{rattachement.user} n'est plus membre {organisation.de_article} ; son compte reste "
            "ouvert et l'historique garde son nom.",
        )
    return redirect(organisation.url)


def _page_invitation(request, gabarit, status=200, **contexte):
    return render(request, f"comptes/{gabarit}.html", contexte, status=status)


@require_http_methods(["GET", "POST"])
def invitation(request, jeton):
    """Accept an invitation: signed in as the invited account, join; signed out, sign in, or
    choose a password when the account was created by the invitation."""
    try:
        invitation = invitation_du_jeton(jeton)
    except Invitation.DoesNotExist:
        return _page_invitation(
            request,
            "invitation_impossible",
            404,
            raison=(
                "Ce lien d'invitation n'est pas valide : vérifiez qu'il est complet, ou demandez "
                "une nouvelle invitation."
            ),
        )
    organisation = Organisation.de(invitation)
    raison = services.refus_de_l_invitation(invitation)
    if raison:
        return _page_invitation(request, "invitation_impossible", 410, raison=raison)
    user = request.user
    contexte = {"invitation": invitation, "organisation": organisation}
    if user.is_authenticated:
        if user.pk != invitation.invite_id:
            return _page_invitation(request, "invitation_autre_compte", 403, **contexte)
        if request.method == "POST":
            try:
                services.accepter_invitation(invitation=invitation, user=user)
            except ValidationError as refus:
                appliquer_refus(request, refus)
                return redirect(request.path)
            messages.success(request, f"Vous avez rejoint {organisation.avec_article}.")
            return redirect("accueil")
        return _page_invitation(request, "invitation", **contexte)
    invite = invitation.invite
    if invite.has_usable_password() or invite.proconnect_sub:
        connexion = f"{reverse('comptes:connexion')}?{urlencode({'next': request.path})}"
        return _page_invitation(request, "invitation", connexion=connexion, **contexte)
    form = CompteInviteForm(invite, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            user = services.completer_compte_invite(
                invitation=invitation,
                prenom=form.cleaned_data["prenom"],
                nom=form.cleaned_data["nom"],
                mot_de_passe=form.cleaned_data["new_password1"],
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, f"Votre compte est créé et vous avez rejoint {organisation.avec_article}."
            )
            return redirect("accueil")
    return _page_invitation(
        request, "invitation", 400 if form.is_bound else 200, form=form, **contexte
    )
