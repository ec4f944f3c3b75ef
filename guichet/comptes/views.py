"""Login, logout and password views: Django's own, with the portal's forms and templates."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from guichet.comptes import proconnect, rgpd, second_facteur, securite, services
from guichet.comptes.forms import (
    ChangementMotDePasseForm,
    CodeDeVerificationForm,
    ConnexionForm,
    DemandeReinitialisationForm,
    NouveauMotDePasseForm,
)
from guichet.erreurs import appliquer_refus

logger = logging.getLogger(__name__)


def trop_de_tentatives(request, message):
    return render(request, "comptes/trop_de_tentatives.html", {"message": message}, status=429)


class ConnexionView(auth_views.LoginView):
    form_class = ConnexionForm
    template_name = "comptes/connexion.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            proconnect=proconnect.est_configure(),
            mot_de_passe_agents_etat=settings.CONNEXION_MOT_DE_PASSE_AGENTS_ETAT,
            **kwargs,
        )

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
    """Ends the portal's session; after a ProConnect sign-in, ProConnect's session too.

    The local session is emptied first. ProConnect's end_session_endpoint is then reached from
    a page of ours that moves on by itself (meta refresh, no script) rather than by a redirect
    of this form's POST: browsers hold every redirect that follows a form to the page's CSP
    ``form-action``, and ProConnect sends the person on to their identity provider's address,
    which the portal cannot list.
    """

    def post(self, request, *args, **kwargs):
        id_token = request.session.get(proconnect.CLE_ID_TOKEN)
        reponse = super().post(request, *args, **kwargs)
        if not id_token or not proconnect.est_configure():
            return reponse
        try:
            url = proconnect.url_de_deconnexion(request, id_token=id_token)
        except proconnect.ConnexionRefusee as refus:
            logger.warning("Déconnexion ProConnect impossible : %s", refus.raison)
            return reponse
        return render(request, "comptes/deconnexion_proconnect.html", {"url": url})


def _proconnect_refuse(request, messages_, *, status=400):
    return render(
        request, "comptes/proconnect_erreur.html", {"messages_refus": messages_}, status=status
    )


@require_GET
def proconnect_connexion(request):
    if not proconnect.est_configure():
        raise Http404
    try:
        return proconnect.rediriger_vers_proconnect(
            request, page_suivante=request.GET.get("next", "")
        )
    except proconnect.ConnexionRefusee as refus:
        logger.warning("Connexion ProConnect impossible : %s", refus.raison)
        return _proconnect_refuse(request, [refus.message], status=503)


@require_GET
def proconnect_retour(request):
    """ProConnect's answer: the person is signed in only when every check holds."""
    if not proconnect.est_configure():
        raise Http404
    try:
        identite = proconnect.identite_du_retour(request)
        user = services.rapprocher_compte_proconnect(
            sub=identite.sub,
            email=identite.email,
            prenom=identite.prenom,
            nom=identite.nom,
            siret=identite.siret,
            email_verifie=identite.email_verifie,
        )
    except proconnect.ConnexionRefusee as refus:
        logger.warning("Connexion ProConnect refusée : %s", refus.raison)
        return _proconnect_refuse(request, [refus.message])
    except ValidationError as refus:
        logger.warning("Connexion ProConnect refusée : %s", "; ".join(refus.messages))
        return _proconnect_refuse(request, refus.messages, status=403)
    suivante = proconnect.page_suivante(request)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[proconnect.CLE_ID_TOKEN] = identite.id_token
    return redirect(suivante or proconnect.page_apres_connexion(user))


@require_GET
def proconnect_deconnexion_retour(request):
    if not proconnect.est_configure():
        raise Http404
    if proconnect.deconnexion_confirmee(request):
        messages.success(request, "Vous êtes déconnecté du guichet unique et de ProConnect.")
    else:
        messages.warning(
            request,
            "Vous êtes déconnecté du guichet unique. La fin de votre session ProConnect n'a "
            "pas pu être confirmée : fermez votre navigateur si l'ordinateur est partagé.",
        )
    return redirect(settings.LOGOUT_REDIRECT_URL)


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
