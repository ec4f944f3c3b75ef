from django.urls import path

from . import views_portail

app_name = "api_portail"

urlpatterns = [
    path("jetons/", views_portail.jetons, name="jetons"),
    path("jetons/<id:pk>/revoquer/", views_portail.revoquer, name="revoquer"),
    path("webhooks/", views_portail.abonnements, name="webhooks"),
    path("webhooks/<id:pk>/", views_portail.journal, name="journal"),
    path("webhooks/<id:pk>/reactiver/", views_portail.reactiver, name="reactiver"),
    path("webhooks/<id:pk>/supprimer/", views_portail.supprimer, name="supprimer"),
]
