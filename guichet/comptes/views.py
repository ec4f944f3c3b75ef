"""Login, logout and password views: Django's own, with the portal's forms and templates."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from guichet.comptes import rgpd
from guichet.comptes.forms import (
    ChangementMotDePasseForm,
    ConnexionForm,
    DemandeReinitialisationForm,
    NouveauMotDePasseForm,
)


class ConnexionView(auth_views.LoginView):
    form_class = ConnexionForm
    template_name = "comptes/connexion.html"
    redirect_authenticated_user = True


class DeconnexionView(auth_views.LogoutView):
    pass


class ReinitialisationView(auth_views.PasswordResetView):
    form_class = DemandeReinitialisationForm
    template_name = "comptes/reinitialisation.html"
    email_template_name = "comptes/emails/reinitialisation.txt"
    html_email_template_name = "comptes/emails/reinitialisation.html"
    subject_template_name = "comptes/emails/reinitialisation_sujet.txt"
    success_url = reverse_lazy("comptes:reinitialisation_envoyee")


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
