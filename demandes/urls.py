from django.urls import path

from .views import collectivite as views
from .views import instruction

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
    path("<int:pk>/prendre-en-charge/", instruction.prendre_en_charge, name="prendre_en_charge"),
    path("<int:pk>/confier/", instruction.assigner, name="assigner"),
    path(
        "<int:pk>/demander-complement/", instruction.demander_complement, name="demander_complement"
    ),
    path("<int:pk>/orienter/", instruction.orienter, name="orienter"),
    path("<int:pk>/classer/", instruction.classer, name="classer"),
    path("<int:pk>/rouvrir/", instruction.rouvrir, name="rouvrir"),
    path("<int:pk>/suivre/", instruction.suivre, name="suivre"),
    path("<int:pk>/etiqueter/", instruction.etiqueter, name="etiqueter"),
]
