from django.urls import path

from . import views

app_name = "operateurs"

urlpatterns = [
    path("", views.annuaire, name="annuaire"),
    path("demandes/", views.boite, name="boite"),
    path("orientations/<int:pk>/accepter/", views.accepter, name="accepter"),
    path("orientations/<int:pk>/decliner/", views.decliner, name="decliner"),
    path("orientations/<int:pk>/avis/", views.avis, name="avis"),
    path("orientations/<int:pk>/terminer/", views.terminer, name="terminer"),
    path("<slug:slug>/", views.fiche, name="fiche"),
]
