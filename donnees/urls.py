from django.urls import path

from . import views

app_name = "donnees"

urlpatterns = [
    path("", views.index, name="index"),
    path("projets.csv", views.projets_csv, name="projets_csv"),
    path("projets.json", views.projets_json, name="projets_json"),
    path("statistiques.csv", views.statistiques_csv, name="statistiques_csv"),
    path("statistiques.json", views.statistiques_json, name="statistiques_json"),
    path("schema.json", views.schema_projets, name="schema"),
    path("schema-statistiques.json", views.schema_statistiques, name="schema_statistiques"),
    path("datapackage.json", views.datapackage, name="datapackage"),
]
