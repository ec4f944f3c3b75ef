from django.urls import path

from . import views

app_name = "operateurs"

urlpatterns = [
    path("", views.annuaire, name="annuaire"),
    path("demandes/", views.boite, name="boite"),
    path("orientations/<id:pk>/accepter/", views.accepter, name="accepter"),
    path("orientations/<id:pk>/decliner/", views.decliner, name="decliner"),
    path("orientations/<id:pk>/avis/", views.avis, name="avis"),
    path("orientations/<id:pk>/terminer/", views.terminer, name="terminer"),
    path("<slug:slug>/", views.fiche, name="fiche"),
]
