"""Error pages in French and in the portal's layout."""

from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from guichet.context_processors import SITE_CONFIG


def requete_invalide(request, exception=None):
    return render(request, "erreurs/400.html", status=400)


def interdit(request, exception=None):
    return render(request, "erreurs/403.html", status=403)


def introuvable(request, exception=None):
    return render(request, "erreurs/404.html", status=404)


def erreur_serveur(request):
    # No context processors: the failure may be the database they would query. The page says
    # the team knows only if someone is mailed the error (settings.LOGGING, ADMINS).
    contexte = {"SITE_CONFIG": SITE_CONFIG, "equipe_prevenue": bool(settings.ADMINS)}
    return HttpResponseServerError(loader.render_to_string("erreurs/500.html", contexte))
