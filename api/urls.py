from django.urls import path

from . import views
from .documentation import Documentation, Schema

app_name = "api"

urlpatterns = [
    path("schema/", Schema.as_view(), name="schema"),
    path("", Documentation.as_view(url_name="api:schema"), name="documentation"),
    path("demandes/", views.DemandeListe.as_view(), name="demandes"),
    path("demandes/<id:pk>/", views.DemandeDetail.as_view(), name="demande"),
    path("demandes/<id:pk>/evenements/", views.EvenementListe.as_view(), name="evenements"),
    path("orientations/", views.OrientationListe.as_view(), name="orientations"),
    path("orientations/<id:pk>/", views.OrientationDetail.as_view(), name="orientation"),
    path("orientations/<id:pk>/accepter/", views.Accepter.as_view(), name="accepter"),
    path("orientations/<id:pk>/decliner/", views.Decliner.as_view(), name="decliner"),
    path("orientations/<id:pk>/avis/", views.DonnerAvis.as_view(), name="avis"),
    path("seances/", views.SeanceListe.as_view(), name="seances"),
    path("seances/<id:pk>/", views.SeanceDetail.as_view(), name="seance"),
    path("collectivites/", views.CollectiviteListe.as_view(), name="collectivites"),
    path("thematiques/", views.ThematiqueListe.as_view(), name="thematiques"),
    path("operateurs/", views.OperateurListe.as_view(), name="operateurs"),
]
