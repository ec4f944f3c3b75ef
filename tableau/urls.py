from django.urls import path

from . import views

app_name = "tableau"

urlpatterns = [
    path("", views.tableau_de_bord, name="index"),
    path("actions/", views.actions_groupees, name="actions"),
    path("vues/", views.enregistrer_vue, name="enregistrer_vue"),
    path("vues/<id:pk>/supprimer/", views.supprimer_vue, name="supprimer_vue"),
    path("export.csv", views.export, {"format": "csv"}, name="export_csv"),
    path("export.xlsx", views.export, {"format": "xlsx"}, name="export_xlsx"),
]
