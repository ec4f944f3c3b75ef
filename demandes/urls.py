from django.urls import path

from . import views

app_name = "demandes"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("nouvelle/", views.nouvelle, name="nouvelle"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.modifier, name="modifier"),
    path("<int:pk>/supprimer/", views.supprimer, name="supprimer"),
    path("<int:pk>/retirer/", views.retirer, name="retirer"),
    path("<int:pk>/completer/", views.completer, name="completer"),
    path("<int:pk>/messages/", views.ecrire, name="ecrire"),
    path("<int:pk>/documents/<int:piece_pk>/", views.telecharger, name="telecharger"),
]
