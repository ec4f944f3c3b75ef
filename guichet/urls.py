from django.contrib import admin
from django.urls import include, path, register_converter

from guichet import views
from guichet.formulaires import IdentifiantConverter

register_converter(IdentifiantConverter, "id")

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("sante/", views.sante, name="sante"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("accessibilite/", views.accessibilite, name="accessibilite"),
    path("mentions-legales/", views.mentions_legales, name="mentions_legales"),
    path("donnees-personnelles/", views.donnees_personnelles, name="donnees_personnelles"),
    path("plan-du-site/", views.plan_du_site, name="plan_du_site"),
    path("comptes/", include("guichet.comptes.urls")),
    # Before the apps' URLs: these pages sit under their addresses but belong to comptes.
    path("", include("guichet.comptes.urls_acces")),
    path("", include("guichet.comptes.urls_membres")),
    path("demandes/", include("demandes.urls")),
    # The plan, progress points and closing of a demande; the comité's year report.
    path("", include("accompagnement.urls")),
    path("tableau-de-bord/", include("tableau.urls")),
    path("operateurs/", include("operateurs.urls")),
    path("comite/", include("comite.urls")),
    path("notifications/", include("guichet.notifications.urls")),
    path("notifications/sourdine/", include("demandes.urls_sourdine")),
    path("", include("avis.urls")),
    path("api/v1/", include("api.urls")),
    path("api/", include("api.urls_portail")),
    path("", include("demarches.urls")),
    path("donnees/", include("donnees.urls")),
    path("national/", include("national.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "guichet.erreurs.requete_invalide"
handler403 = "guichet.erreurs.interdit"
handler404 = "guichet.erreurs.introuvable"
handler500 = "guichet.erreurs.erreur_serveur"
