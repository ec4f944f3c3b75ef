"""The experts' reminders: an avis still awaited ``relance_avis`` days after its deadline is
reminded once per deadline (a new deadline set by the agent makes a new reminder possible)."""

import datetime

from django.utils import timezone

from demandes.models import TypeEvenement
from demandes.relances import configurations, relancer_une_fois

from . import regles, services
from .models import Avis


def relancer_les_experts(maintenant=None):
    """Each département's late avis, by its own delay."""
    return sum(
        _relancer(config, maintenant) for config in configurations() if config.relances_actives
    )


def _relancer(config, maintenant=None):
    aujourd_hui = timezone.localdate(maintenant or timezone.now())
    limite = aujourd_hui - datetime.timedelta(days=config.relance_avis)
    envoyees = 0
    en_retard = (
        Avis.objects.en_attente()
        .filter(
            date_limite__lte=limite,
            lien_expire_le__gt=maintenant or timezone.now(),
            demande__departement=config.departement_id,
        )
        .select_related("demande__collectivite")
    )
    for avis in en_retard:

        def ecrire(avis=avis):
            services.ecrire_a_l_expert(
                avis,
                evenement="avis_relance",
                cle=f"avis_relance:{avis.pk}:{avis.date_limite.isoformat()}",
                sujet=f"Rappel : votre avis est attendu — {avis.demande.titre}",
                corps=(
                    f"Votre avis sur le projet « {avis.demande.titre} » "
                    f"({avis.demande.collectivite.nom}) était attendu pour le "
                    f"{services.jour(avis.date_limite)}.\n\nQuestion : {avis.question}\n\n"
                    "Vous pouvez encore répondre sur la page du lien ci-dessous, jusqu'au "
                    f"{services.jour(timezone.localtime(avis.lien_expire_le))}."
                ),
            )

        envoyees += relancer_une_fois(
            cle=f"avis:{avis.pk}:{avis.date_limite.isoformat()}",
            demande=avis.demande,
            nature="avis",
            type=TypeEvenement.AVIS,
            libelle=f"Relance envoyée à {avis.expert} : avis attendu",
            detail=f"Date limite : {services.jour(avis.date_limite)}",
            interne=regles.evenement_interne(avis),
            ecrire=ecrire,
        )
    return envoyees
