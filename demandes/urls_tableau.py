from django.urls import path

from .views import tableau

app_name = "tableau"

urlpatterns = [
    path("", tableau.tableau_de_bord, name="index"),
    path("actions/", tableau.actions_groupees, name="actions"),
    path("vues/", tableau.enregistrer_vue, name="enregistrer_vue"),
    path("vues/<id:pk>/supprimer/", tableau.supprimer_vue, name="supprimer_vue"),
    path("export.csv", tableau.export, {"format": "csv"}, name="export_csv"),
    path("export.xlsx", tableau.export, {"format": "xlsx"}, name="export_xlsx"),
]
