"""The State's validation of access requests, under the dashboard's address but outside its
app (declared in ``guichet/urls.py`` before ``tableau``'s URLs)."""

from django.urls import path

from guichet.comptes import views_acces

app_name = "acces"

urlpatterns = [
    path("tableau-de-bord/acces/", views_acces.validation, name="validation"),
    path("tableau-de-bord/acces/<id:pk>/valider/", views_acces.valider, name="valider"),
    path("tableau-de-bord/acces/<id:pk>/refuser/", views_acces.refuser, name="refuser"),
]
