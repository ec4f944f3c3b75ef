from django.urls import path

from . import views
from .dossier import views as dossier
from .secretariat import views as secretariat

app_name = "comite"

urlpatterns = [
    path("seances/", views.seances, name="seances"),
    path("feuille-de-route/", views.feuille_de_route, name="feuille_de_route"),
    path("feuille-de-route/<id:pk>/retirer/", views.retirer_priorite, name="retirer_priorite"),
    path("seances/nouvelle/", views.planifier, name="planifier"),
    path("seances/<id:pk>/", views.seance, name="seance"),
    path("seances/<id:pk>/modifier/", views.modifier_seance, name="modifier_seance"),
    path("seances/<id:pk>/inscrire/", views.inscrire, name="inscrire"),
    path("seances/<id:pk>/sujet/", views.ajouter_sujet, name="ajouter_sujet"),
    path("seances/<id:pk>/points/<id:point_pk>/deplacer/", views.deplacer, name="deplacer"),
    path(
        "seances/<id:pk>/points/<id:point_pk>/modifier/",
        views.modifier_point,
        name="modifier_point",
    ),
    path("seances/<id:pk>/points/<id:point_pk>/decision/", views.decider, name="decider"),
    path("seances/<id:pk>/publier/", views.publier, name="publier"),
    path("seances/<id:pk>/clore/", views.clore, name="clore"),
    path("seances/<id:pk>/publier-releve/", views.publier_releve, name="publier_releve"),
    path("seances/<id:pk>/convocation/", views.convocation, name="convocation"),
    path("seances/<id:pk>/ordre-du-jour.pdf", views.ordre_du_jour_pdf, name="ordre_du_jour_pdf"),
    path("seances/<id:pk>/releve-de-decisions.pdf", views.releve_pdf, name="releve_pdf"),
    path("seances/<id:pk>/invitation.ics", views.invitation_ics, name="invitation"),
    # The secretariat (comite/secretariat): attendance, corrections, consultations, questions.
    path("seances/<id:pk>/presences/", secretariat.presences, name="presences"),
    path("seances/<id:pk>/points/<id:point_pk>/corriger/", secretariat.corriger, name="corriger"),
    path("seances/<id:pk>/points/<id:point_pk>/retirer/", secretariat.retirer, name="retirer"),
    path(
        "seances/<id:pk>/points/<id:point_pk>/consultation/",
        secretariat.consulter,
        name="consulter",
    ),
    path(
        "seances/<id:pk>/points/<id:point_pk>/questions/",
        secretariat.questions,
        name="questions",
    ),
    path("questions/<id:pk>/repondre/", secretariat.repondre_question, name="repondre_question"),
    path("consultations/<id:pk>/", secretariat.consultation, name="consultation"),
    path(
        "consultations/<id:pk>/clore/",
        secretariat.clore_consultation,
        name="clore_consultation",
    ),
    path("agenda/", secretariat.mon_agenda, name="agenda"),
    path("agenda/renouveler/", secretariat.renouveler_agenda, name="renouveler_agenda"),
    path("agenda/<slug:jeton>.ics", secretariat.flux_agenda, name="flux_agenda"),
    path("releves/", secretariat.releves, name="releves"),
    path("releves/<id:pk>/", secretariat.releve, name="releve"),
    path("seances/<id:pk>/dossier/", dossier.choisir_pieces, name="dossier_choix"),
    path("seances/<id:pk>/dossier.pdf", dossier.dossier_pdf, name="dossier_pdf"),
]
