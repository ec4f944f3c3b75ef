from django.urls import path

from . import views

app_name = "accompagnement"

urlpatterns = [
    path("demandes/<id:pk>/cloturer/", views.cloturer, name="cloturer"),
    path("demandes/<id:pk>/plan-d-action/", views.ajouter_action, name="ajouter_action"),
    path(
        "demandes/<id:pk>/plan-d-action/<id:action_pk>/",
        views.modifier_action,
        name="modifier_action",
    ),
    path("demandes/<id:pk>/point-d-etape/", views.point_d_etape, name="point_d_etape"),
    path("demandes/<id:pk>/satisfaction/", views.satisfaction, name="satisfaction"),
    path("comite/bilan/", views.bilan, name="bilan_de_l_annee"),
    path("comite/bilan/<int:annee>/", views.bilan, name="bilan"),
    path("comite/bilan/<int:annee>/bilan.pdf", views.bilan_pdf, name="bilan_pdf"),
]
