"""What the home page lists as waiting on a comité member or on the State's secretariat
(``ACCUEIL_A_FAIRE``)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from guichet.a_faire import AFaire, accorder
from guichet.comptes.roles import Role, dans_ses_departements, est_agent_de_l_etat

from . import selectors
from .secretariat.selectors import consultations_a_repondre


def _lien(seances):
    """The séance's page when it is alone, the list of séances otherwise; none when none."""
    if not seances:
        return None
    return seances[0].get_absolute_url() if len(seances) == 1 else reverse("comite:seances")


def a_faire(user):
    taches = []
    if est_agent_de_l_etat(user):
        seances = list(
            selectors.seances_a_clore(timezone.now())
            .filter(dans_ses_departements(user, "comite__departement"))
            .order_by("date", "pk")
        )
        taches.append(
            AFaire(
                accorder(len(seances), "séance à clore", "séances à clore", feminin=True),
                _lien(seances),
                "Séances passées dont l'ordre du jour est encore ouvert",
            )
        )
    if user.a_le_role(Role.MEMBRE_COMITE):
        convocations = list(selectors.convocations_a_repondre(user))
        taches.extend(
            AFaire(
                "Répondre à la convocation du "
                f"{date_format(timezone.localtime(c.seance.date), 'd/m')}",
                f"{c.seance.get_absolute_url()}#convocation",
                f"Séance du comité, lieu : {c.seance.lieu}",
            )
            for c in convocations
        )
        if not convocations:
            taches.append(AFaire("Aucune convocation à laquelle répondre", None))
        # Written consultations still waiting for the member's opinion (comite/secretariat).
        taches.extend(
            AFaire(
                "Donner mon avis : consultation écrite",
                c.get_absolute_url(),
                f"Point « {c.point.titre} », séance du "
                f"{date_format(timezone.localtime(c.point.seance.date), 'd/m')}",
            )
            for c in consultations_a_repondre(user)
        )
    return taches
