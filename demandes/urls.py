from django.urls import path

from .views import collectivite as views
from .views import documents, instruction, pour_le_compte

app_name = "demandes"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("nouvelle/", views.nouvelle, name="nouvelle"),
    path(
        "nouvelle/pour-une-collectivite/",
        pour_le_compte.nouvelle_pour_le_compte,
        name="nouvelle_pour_le_compte",
    ),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/modifier/", views.modifier, name="modifier"),
    path("<id:pk>/supprimer/", views.supprimer, name="supprimer"),
    path("<id:pk>/retirer/", views.retirer, name="retirer"),
    path("<id:pk>/completer/", views.completer, name="completer"),
    path("<id:pk>/reprendre/", pour_le_compte.reprendre, name="reprendre"),
    path("<id:pk>/messages/", views.ecrire, name="ecrire"),
    path("<id:pk>/documents/", documents.ajouter_documents, name="ajouter_documents"),
    path("<id:pk>/documents/<id:piece_pk>/", documents.telecharger, name="telecharger"),
    path("<id:pk>/recepisse.pdf", documents.recepisse_pdf, name="recepisse"),
    path("<id:pk>/prendre-en-charge/", instruction.prendre_en_charge, name="prendre_en_charge"),
    path("<id:pk>/confier/", instruction.assigner, name="assigner"),
    path(
        "<id:pk>/demander-complement/", instruction.demander_complement, name="demander_complement"
    ),
    path("<id:pk>/orienter/", instruction.orienter, name="orienter"),
    path("<id:pk>/classer/", instruction.classer, name="classer"),
    path("<id:pk>/rouvrir/", instruction.rouvrir, name="rouvrir"),
    path("<id:pk>/suivre/", instruction.suivre, name="suivre"),
    path("<id:pk>/etiqueter/", instruction.etiqueter, name="etiqueter"),
]
