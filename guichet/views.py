from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from guichet.a_faire import a_faire
from guichet.comptes.selectors import derniere_demande_acces, sans_rattachement
from guichet.navigation import plan_du_site as plan
from guichet.sante import etat_de_sante, voit_le_detail
from guichet.territoire.models import Thematique


@require_GET
def accueil(request):
    contexte = {
        "thematiques": Thematique.objects.filter(active=True).only("nom"),
        "partenaires": import_string(settings.ACCUEIL_PARTENAIRES)(),
        "a_faire": a_faire(request.user),
    }
    if sans_rattachement(request.user):
        contexte["demande_acces"] = derniere_demande_acces(request.user)
        contexte["sans_rattachement"] = True
    return render(request, "accueil.html", contexte)


@never_cache
@require_GET
def sante(request):
    ok, detail = etat_de_sante()
    corps = detail if voit_le_detail(request) else {"statut": "ok" if ok else "indisponible"}
    return JsonResponse(corps, status=200 if ok else 503, json_dumps_params={"ensure_ascii": False})


@require_GET
def favicon(request):
    """The DSFR's icon, for the browsers that ask ``/favicon.ico`` (a page that names none: the
    admin's, a PDF, JSON). A temporary redirect: the static file's name changes with its
    content in production, and a cached permanent redirect would then lead to a 404."""
    return redirect(static("dsfr/dist/favicon/favicon.ico"))


def _exploitant():
    """What the legal pages say that only the operator of the deployment knows (settings)."""
    return {
        "editeur": settings.EDITEUR,
        "directeur_publication": settings.DIRECTEUR_PUBLICATION,
        "adresse": settings.EDITEUR_ADRESSE,
        "contact_email": settings.CONTACT_EMAIL,
        "dpo": settings.DPO_CONTACT,
        "hebergeur": {
            "nom": settings.HEBERGEUR_NOM,
            "adresse": settings.HEBERGEUR_ADRESSE,
            "telephone": settings.HEBERGEUR_TELEPHONE,
        },
    }


def _page_legale(request, gabarit, titre, **contexte):
    contexte = {
        "titre": titre,
        "breadcrumb_data": {"current": titre},
        "exploitant": _exploitant(),
        "site_url": settings.SITE_URL,
        **contexte,
    }
    return render(request, gabarit, contexte)


def _duree(secondes):
    """« 10 heures », « 52 semaines »: a duration of the settings, as a person reads it."""
    for unite, pluriel, taille in (
        ("semaine", "semaines", 7 * 86400),
        ("jour", "jours", 86400),
        ("heure", "heures", 3600),
        ("minute", "minutes", 60),
    ):
        if secondes >= taille and secondes % taille == 0:
            nombre = secondes // taille
            return f"{nombre} {unite if nombre < 2 else pluriel}"
    return f"{secondes} secondes"


@require_GET
def accessibilite(request):
    return _page_legale(request, "pages/accessibilite.html", "Déclaration d'accessibilité")


@require_GET
def mentions_legales(request):
    return _page_legale(request, "pages/mentions_legales.html", "Mentions légales")


@require_GET
def donnees_personnelles(request):
    return _page_legale(
        request,
        "pages/donnees_personnelles.html",
        "Données personnelles",
        conservation_mois=settings.CONSERVATION_MOIS,
        preavis_jours=settings.PREAVIS_JOURS,
        session=_duree(settings.SESSION_COOKIE_AGE),
        jeton_csrf=_duree(settings.CSRF_COOKIE_AGE),
        verrouillage=_duree(round(settings.AXES_COOLOFF_TIME * 3600)),
    )


@require_GET
def plan_du_site(request):
    return _page_legale(
        request,
        "pages/plan_du_site.html",
        "Plan du site",
        sections=plan(request.user, request.path),
    )
