"""Each organisation's members' page, under the address of its space, and the actions on a
member or an invitation (declared in ``guichet/urls.py`` before the apps' own URLs)."""

from django.urls import path

from guichet.comptes import views_membres

app_name = "membres"

urlpatterns = [
    path(
        "collectivite/membres/",
        views_membres.membres,
        {"espace": "collectivite"},
        name="collectivite",
    ),
    path("operateurs/membres/", views_membres.membres, {"espace": "operateur"}, name="operateur"),
    path("tableau-de-bord/membres/", views_membres.membres, {"espace": "etat"}, name="etat"),
    path("comptes/membres/invitations/<id:pk>/revoquer/", views_membres.revoquer, name="revoquer"),
    path("comptes/membres/<id:pk>/retirer/", views_membres.retirer, name="retirer"),
]
