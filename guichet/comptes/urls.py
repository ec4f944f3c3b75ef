from django.urls import path

from guichet.comptes import views, views_acces, views_membres

app_name = "comptes"

urlpatterns = [
    path("connexion/", views.ConnexionView.as_view(), name="connexion"),
    path("deconnexion/", views.DeconnexionView.as_view(), name="deconnexion"),
    path("proconnect/connexion/", views.proconnect_connexion, name="proconnect_connexion"),
    path("proconnect/retour/", views.proconnect_retour, name="proconnect_retour"),
    path(
        "proconnect/deconnexion/retour/",
        views.proconnect_deconnexion_retour,
        name="proconnect_deconnexion_retour",
    ),
    path("mot-de-passe/oublie/", views.ReinitialisationView.as_view(), name="reinitialisation"),
    path(
        "mot-de-passe/oublie/envoye/",
        views.ReinitialisationEnvoyeeView.as_view(),
        name="reinitialisation_envoyee",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.NouveauMotDePasseView.as_view(),
        name="nouveau_mot_de_passe",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        views.ReinitialisationTermineeView.as_view(),
        name="reinitialisation_terminee",
    ),
    path("mot-de-passe/", views.ChangementMotDePasseView.as_view(), name="changement_mot_de_passe"),
    path("mot-de-passe/change/", views.MotDePasseChangeView.as_view(), name="mot_de_passe_change"),
    path("mes-donnees/", views.mes_donnees, name="mes_donnees"),
    path("mes-donnees.json", views.mes_donnees_json, name="mes_donnees_json"),
    path("desactiver/", views.desactiver, name="desactiver"),
    path(
        "double-authentification/",
        views.double_authentification,
        name="double_authentification",
    ),
    path("demande-acces/", views_acces.demande_acces, name="demande_acces"),
    path("invitations/<str:jeton>/", views_membres.invitation, name="invitation"),
]
