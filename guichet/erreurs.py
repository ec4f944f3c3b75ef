"""What a person sees when something is refused or fails: a service's refusal on the form or
as a message, and the error pages, in French and in the portal's layout."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from guichet.context_processors import MARQUE_NEUTRE, SITE_CONFIG


def appliquer_refus(request, refus, form=None):
    """Show a service's refusal (a ``ValidationError``) where the person will read it.

    With ``form``, each message goes next to its field when the form has that field, else on
    top of the form; without one, each message is shown on the next page. A ``PermissionDenied``
    is not a refusal to show: the view lets it through and the person gets the 403 page.
    """
    par_champ = refus.message_dict if hasattr(refus, "error_dict") else {None: refus.messages}
    for champ, textes in par_champ.items():
        for texte in textes:
            if form is None:
                messages.error(request, texte)
            else:
                form.add_error(champ if champ in form.fields else None, texte)


def requete_invalide(request, exception=None):
    return render(request, "erreurs/400.html", status=400)


def interdit(request, exception=None):
    return render(request, "erreurs/403.html", status=403)


def introuvable(request, exception=None):
    return render(request, "erreurs/404.html", status=404)


def erreur_serveur(request):
    # No context processors: the failure may be the database they would query. The page says
    # the team knows only if someone is mailed the error (settings.LOGGING, ADMINS).
    contexte = {
        "SITE_CONFIG": SITE_CONFIG,
        "marque": MARQUE_NEUTRE,
        "equipe_prevenue": bool(settings.ADMINS),
    }
    return HttpResponseServerError(loader.render_to_string("erreurs/500.html", contexte))
