"""The demo comité: its members, a coming séance with a published agenda, a past one decided.

Idempotent: each séance is recognised by the demo request on its agenda and built once. The
demo requests already carry the status of their scenario (``demandes.demo``), so they are put on
the agendas directly, without firing their transitions a second time.
"""

import datetime

from django.utils import timezone
from guardian.shortcuts import assign_perm

from demandes.models import Demande
from guichet.territoire.models import Departement

from . import services
from .models import (
    Comite,
    Convocation,
    Decision,
    EtatPresence,
    ModeDecision,
    PointOrdreDuJour,
    Presence,
    Qualite,
    ReponseConvocation,
    Seance,
    StatutSeance,
)

LIEU = "Préfecture du Territoire de Belfort, salle Bartholdi"
DEMANDE_A_VENIR = "Station hydrogène pour les bus urbains"
DEMANDE_DECIDEE = "Renouvellement urbain du quartier des Résidences"


def _demande_de_belfort(titre):
    return Demande.objects.filter(titre=titre, collectivite__code_insee="90010").first()


def _a_quatorze_heures(jour):
    return timezone.localtime().replace(
        hour=14, minute=0, second=0, microsecond=0
    ) + datetime.timedelta(days=jour)


def _prochaine_seance(comite, prefet, ddt):
    demande = _demande_de_belfort(DEMANDE_A_VENIR)
    if demande is None or demande.points_ordre_du_jour.exists():
        return
    seance = services.planifier_seance(
        comite=comite,
        par=prefet,
        date=_a_quatorze_heures(14),
        lieu=LIEU,
        lien_visio="https://webconf.numerique.gouv.fr/comite-local-90",
    )
    PointOrdreDuJour.objects.create(
        seance=seance, ordre=1, demande=demande, rapporteur=ddt, duree_minutes=30
    )
    services.ajouter_sujet(
        seance=seance,
        par=prefet,
        version=None,
        sujet="Point d'étape sur le programme Petites villes de demain",
        rapporteur=prefet,
        duree_minutes=20,
    )
    services.ajouter_sujet(
        seance=seance,
        par=prefet,
        version=None,
        sujet="Programmation des crédits de la dotation de soutien à l'investissement local",
        rapporteur=ddt,
        duree_minutes=15,
        interne=True,
    )
    services.publier_ordre_du_jour(seance=seance, par=prefet, version=None)
    services.repondre_convocation(seance=seance, par=prefet, reponse=ReponseConvocation.PRESENT)


def _seance_passee(comite, prefet):
    demande = _demande_de_belfort(DEMANDE_DECIDEE)
    if demande is None or demande.points_ordre_du_jour.exists():
        return
    date = _a_quatorze_heures(-21)
    seance = Seance.objects.create(
        comite=comite,
        date=date,
        lieu=LIEU,
        statut=StatutSeance.RELEVE_PUBLIE,
        date_publication=date - datetime.timedelta(days=14),
        date_cloture=date + datetime.timedelta(hours=3),
        date_publication_releve=date + datetime.timedelta(days=2),
        sequence=1,
    )
    PointOrdreDuJour.objects.create(
        seance=seance,
        ordre=1,
        demande=demande,
        rapporteur=prefet,
        duree_minutes=40,
        decision=Decision.FAVORABLE,
        mode_decision=ModeDecision.SEANCE,
        decide_par=prefet,
        commentaire=(
            "Le comité soutient le projet : l'ANRU et l'Anah accompagnent la ville pour la "
            "conduite des études et le montage financier."
        ),
        date_decision=date + datetime.timedelta(hours=1),
    )
    for membre in comite.membres.all():
        Convocation.objects.get_or_create(
            seance=seance,
            membre=membre,
            defaults={
                "reponse": ReponseConvocation.PRESENT,
                "date_reponse": seance.date_publication,
            },
        )
        # Everyone sat: the record lists them (comite/secretariat).
        Presence.objects.get_or_create(
            seance=seance,
            membre=membre,
            defaults={"etat": EtatPresence.PRESENT, "enregistre_par": prefet},
        )
    groupe = services.groupe_du_comite(comite)
    assign_perm("view_demande", groupe, demande)


def charger_comite(users):
    comite = services.comite_du_departement(Departement.objects.par_defaut())
    # The demo comité sits with two members present or represented, and publishes its records.
    Comite.objects.filter(pk=comite.pk).update(quorum=2, releves_publics=True)
    comite.refresh_from_db()
    prefet, ddt = users["prefet@prefecture.demo"], users["agent@ddt.demo"]
    services.ajouter_membre(comite=comite, user=prefet, qualite=Qualite.PRESIDENT)
    services.ajouter_membre(comite=comite, user=ddt, qualite=Qualite.DDT)
    services.ajouter_membre(comite=comite, user=users["membre@comite.demo"], qualite=Qualite.AUTRE)
    _seance_passee(comite, prefet)
    _prochaine_seance(comite, prefet, ddt)
    _feuille_de_route(comite)
    return comite


FEUILLE_DE_ROUTE = [
    ("eau-potable", "CC du Sud Territoire"),
    ("filieres-avenir-hydrogene", "CA Grand Belfort"),
    ("revitalisation-centres-villes", None),
]


def _feuille_de_route(comite):
    """The priorities adopted at the past séance (the press release's first themes)."""
    from guichet.territoire.models import Collectivite, Thematique

    from .models import Priorite

    seance = comite.seances.order_by("date").first()
    for slug, territoire in FEUILLE_DE_ROUTE:
        Priorite.objects.get_or_create(
            comite=comite,
            thematique=Thematique.objects.get(slug=slug),
            territoire=Collectivite.objects.get(nom=territoire) if territoire else None,
            defaults={"seance": seance},
        )
