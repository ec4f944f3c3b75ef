from django.contrib import admin
from django.urls import include, path, register_converter

from guichet import views
from guichet.formulaires import IdentifiantConverter

register_converter(IdentifiantConverter, "id")

admin.site.site_header = "Guichet unique — administration"
admin.site.site_title = "Guichet unique"
admin.site.index_title = "Administration du guichet unique"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("sante/", views.sante, name="sante"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("accessibilite/", views.accessibilite, name="accessibilite"),
    path("mentions-legales/", views.mentions_legales, name="mentions_legales"),
    path("donnees-personnelles/", views.donnees_personnelles, name="donnees_personnelles"),
    path("plan-du-site/", views.plan_du_site, name="plan_du_site"),
    path("comptes/", include("guichet.comptes.urls")),
    path("demandes/", include("demandes.urls")),
    path("tableau-de-bord/", include("tableau.urls")),
    path("operateurs/", include("operateurs.urls")),
    path("comite/", include("comite.urls")),
    path("notifications/", include("guichet.notifications.urls")),
    path("notifications/sourdine/", include("demandes.urls_sourdine")),
    path("", include("avis.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "guichet.erreurs.requete_invalide"
handler403 = "guichet.erreurs.interdit"
handler404 = "guichet.erreurs.introuvable"
handler500 = "guichet.erreurs.erreur_serveur"
