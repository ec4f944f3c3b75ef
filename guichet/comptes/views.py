"""Login, logout and password views: Django's own, with the portal's forms and templates."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from guichet.comptes import rgpd, second_facteur, securite, services
from guichet.comptes.forms import (
    ChangementMotDePasseForm,
    CodeDeVerificationForm,
    ConnexionForm,
    DemandeReinitialisationForm,
    NouveauMotDePasseForm,
)
from guichet.erreurs import appliquer_refus


def trop_de_tentatives(request, message):
    return render(request, "comptes/trop_de_tentatives.html", {"message": message}, status=429)


class ConnexionView(auth_views.LoginView):
    form_class = ConnexionForm
    template_name = "comptes/connexion.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        # The authentication backend refuses these attempts (securite.py); this page says why.
        if securite.connexions_epuisees(request):
            minutes = securite.duree_du_verrouillage() // 60
            return trop_de_tentatives(
                request,
                "Trop de tentatives de connexion depuis votre connexion internet. "
                f"Par sécurité, réessayez dans {minutes} minutes.",
            )
        return super().post(request, *args, **kwargs)


class DeconnexionView(auth_views.LogoutView):
    pass


class ReinitialisationView(auth_views.PasswordResetView):
    """The same answer whether or not an account has this address: the email goes through the
    outbox and leaves from the worker, so the request does not wait for the mail server."""

    form_class = DemandeReinitialisationForm
    template_name = "comptes/reinitialisation.html"
    success_url = reverse_lazy("comptes:reinitialisation_envoyee")

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if securite.reinitialisation_refusee(self.request, email):
            return trop_de_tentatives(
                self.request,
                "Trop de demandes de nouveau mot de passe pour cette adresse ou depuis votre "
                "connexion internet. Réessayez dans une heure ; un lien déjà reçu reste "
                "valable 24 heures.",
            )
        services.demander_reinitialisation(users=form.get_users(email))
        return redirect(self.success_url)


class ReinitialisationEnvoyeeView(auth_views.PasswordResetDoneView):
    template_name = "comptes/reinitialisation_envoyee.html"


class NouveauMotDePasseView(auth_views.PasswordResetConfirmView):
    form_class = NouveauMotDePasseForm
    template_name = "comptes/nouveau_mot_de_passe.html"
    success_url = reverse_lazy("comptes:reinitialisation_terminee")


class ReinitialisationTermineeView(auth_views.PasswordResetCompleteView):
    template_name = "comptes/reinitialisation_terminee.html"


class ChangementMotDePasseView(auth_views.PasswordChangeView):
    form_class = ChangementMotDePasseForm
    template_name = "comptes/changement_mot_de_passe.html"
    success_url = reverse_lazy("comptes:mot_de_passe_change")


class MotDePasseChangeView(auth_views.PasswordChangeDoneView):
    template_name = "comptes/mot_de_passe_change.html"


@login_required
def mes_donnees(request):
    return render(
        request,
        "comptes/mes_donnees.html",
        {"conservation_mois": settings.CONSERVATION_MOIS, "preavis_jours": settings.PREAVIS_JOURS},
    )


@login_required
def mes_donnees_json(request):
    reponse = JsonResponse(
        rgpd.exporter_donnees(request.user), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    reponse["Content-Disposition"] = 'attachment; filename="mes-donnees-guichet-unique.json"'
    return reponse


@login_required
@require_http_methods(["GET", "POST"])
def desactiver(request):
    if request.method == "POST":
        rgpd.desactiver_compte(user=request.user, request=request)
        messages.success(
            request,
            "Votre compte est désactivé. L'historique des demandes garde votre nom ; "
            "l'administrateur peut le réactiver à votre demande.",
        )
        return redirect("accueil")
    return render(request, "comptes/desactiver.html")


def _suite(request):
    """Where to go once verified: ``next`` when it stays on the portal, else the admin."""
    suite = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        suite, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return suite
    return reverse("admin:index")


@login_required
@require_http_methods(["GET", "POST"])
def double_authentification(request):
    """A staff member's second factor: enrol an authenticator app (QR code and key, confirmed
    by a first code), or, once enrolled, type its code to open the admin for this session."""
    if not second_facteur.doit_avoir_un_second_facteur(request.user):
        raise PermissionDenied("La double authentification concerne les comptes du personnel.")
    suite = _suite(request)
    if request.user.is_verified():
        return render(request, "comptes/double_authentification.html", {"suite": suite})
    appareil = second_facteur.appareil_confirme(request.user)
    enrolement = appareil is None
    if enrolement:
        appareil = second_facteur.appareil_a_enroler(request.user)
    form = CodeDeVerificationForm(
        request.POST if request.method == "POST" else None,
        bouton="Activer la double authentification" if enrolement else "Vérifier le code",
    )
    if request.method == "POST" and form.is_valid():
        try:
            second_facteur.verifier_le_code(
                request=request, appareil=appareil, code=form.cleaned_data["code"]
            )
        except ValidationError as refus:
            appliquer_refus(request, refus, form)
        else:
            messages.success(
                request,
                "Double authentification activée : votre application vous donnera un code à "
                "chaque connexion à l'administration."
                if enrolement
                else "Code vérifié.",
            )
            return redirect(suite)
    contexte = {"form": form, "suite": suite, "enrolement": enrolement}
    if enrolement:
        contexte["qr_code"] = second_facteur.qr_code_svg(appareil)
        contexte["cle"] = second_facteur.cle_en_texte(appareil)
    return render(
        request,
        "comptes/double_authentification.html",
        contexte,
        status=400 if form.is_bound else 200,
    )
