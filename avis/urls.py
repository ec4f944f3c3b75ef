from django.urls import path

from . import views

app_name = "avis"

urlpatterns = [
    path("avis/<str:jeton>/", views.repondre, name="repondre"),
    path("demandes/<id:pk>/avis/nouveau/", views.demander, name="demander"),
    path("demandes/<id:pk>/avis/<id:avis_pk>/redemander/", views.redemander, name="redemander"),
    path("demandes/<id:pk>/avis/<id:avis_pk>/revoquer/", views.revoquer, name="revoquer"),
    path(
        "demandes/<id:pk>/avis/<id:avis_pk>/documents/<id:document_pk>/",
        views.telecharger,
        name="telecharger",
    ),
]
