from django.urls import path

from . import views

app_name = "demarches"

urlpatterns = [
    path(
        "demandes/<id:pk>/dossier-detr-dsil/",
        views.preparer_dossier,
        name="preparer_dossier",
    ),
]
