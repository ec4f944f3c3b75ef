"""The State's morning digest: demandes waiting beyond the delays set in the admin."""

import datetime

from django.utils import timezone

from guichet.notifications.services import notifier

from . import destinataires
from .models import ConfigurationRelances, Demande, Statut


def demandes_en_retard(config, maintenant=None):
    """The waiting demandes, grouped by reason, oldest first."""
    maintenant = maintenant or timezone.now()
    jours = datetime.timedelta(days=1)
    base = Demande.objects.select_related("collectivite")
    return {
        "Déposées et non prises en charge": base.filter(
            statut=Statut.DEPOSEE, date_depot__lte=maintenant - config.delai_prise_en_charge * jours
        ).order_by("date_depot"),
        "À compléter, sans réponse de la collectivité": base.filter(
            statut=Statut.A_COMPLETER,
            complements__date_reponse__isnull=True,
            complements__date_ouverture__lte=maintenant - config.delai_complement * jours,
        ).order_by("date_depot"),
        "Orientées, en attente des opérateurs": base.filter(
            statut=Statut.ORIENTEE,
            date_orientation__lte=maintenant - config.delai_operateur * jours,
        ).order_by("date_orientation"),
    }


def envoyer_recapitulatif_des_retards(maintenant=None):
    """Write today's digest for the préfecture and the DDT (once a day, whatever the reruns)."""
    config = ConfigurationRelances.courante()
    if not config.actif:
        return 0
    maintenant = maintenant or timezone.now()
    groupes = {titre: list(qs) for titre, qs in demandes_en_retard(config, maintenant).items()}
    total = sum(len(demandes) for demandes in groupes.values())
    if not total:
        return 0
    lignes = []
    for titre, demandes in groupes.items():
        if demandes:
            lignes.append(f"{titre} ({len(demandes)}) :")
            lignes.extend(f"- {d.reference} — {d.titre} ({d.collectivite.nom})" for d in demandes)
    notifier(
        destinataires=destinataires.services_de_l_etat(),
        evenement="relances",
        cle=f"relances:{timezone.localdate(maintenant).isoformat()}",
        sujet=f"{total} demande{'s' if total > 1 else ''} en attente au-delà des délais",
        corps="\n".join(lignes),
        lien="/demandes/",
    )
    return total
