"""The demo's life after the decision: a supported demande's action plan, a closed one's
outcome and satisfaction. Called by ``seed_demo`` when it builds those demandes (once)."""

import datetime

from django.utils import timezone

from guichet.territoire.models import Operateur

from . import services


def plan_d_action(demande, users):
    """Three actions: the collectivité's, an operator's (one it is routed to), the State's."""
    agent = users["agent@ddt.demo"]
    aujourd_hui = timezone.localdate()
    operateur = Operateur.objects.filter(orientations__demande=demande).order_by("sigle").first()
    actions = [
        ("Délibérer sur le plan de financement", "collectivite", None, 30, "en_cours"),
        ("Déposer le dossier de subvention DETR", "etat", None, 60, "a_faire"),
    ]
    if operateur:
        actions.append(("Remettre l'étude de faisabilité", "operateur", operateur, 90, "a_faire"))
    for libelle, porteur, qui, jours, etat in actions:
        services.ajouter_action(
            demande=demande,
            par=agent,
            libelle=libelle,
            porteur=porteur,
            operateur=qui,
            echeance=aujourd_hui + datetime.timedelta(days=jours),
            etat=etat,
        )


def cloturer(demande, users):
    """Closed with its outcome and funding; the collectivité gave its satisfaction."""
    demande = services.cloturer(
        demande=demande,
        par=users["agent@ddt.demo"],
        version=demande.version,
        issue="realise",
        montant_obtenu=185000,
        financeurs="DETR, Région Bourgogne-Franche-Comté",
        commentaire="Travaux réceptionnés ; la commune a tenu son calendrier.",
    )
    maire = users["maire@delle.demo"] if demande.collectivite.code_insee == "90033" else None
    services.donner_satisfaction(
        demande=demande,
        par=maire or users["maire@belfort.demo"],
        satisfaction=4,
        commentaire="Un interlocuteur unique, des réponses rapides.",
    )
    return demande
