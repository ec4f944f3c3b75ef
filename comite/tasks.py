"""Periodic work of the comité, run by celery beat."""

import datetime

from celery import shared_task
from django.utils import formats, timezone

from guichet.notifications.services import notifier

from . import selectors

DELAI_AVANT_RAPPEL = datetime.timedelta(days=2)


@shared_task(ignore_result=True)
def rappeler_seances_non_closes():
    """Remind the préfecture and the DDT of the comité's département of séances held two days
    ago or more and still open: their decisions are missing, so the requests on them wait. Once
    a day at most per séance.
    """
    aujourd_hui = timezone.localdate()
    rappels = 0
    for seance in selectors.seances_a_clore(timezone.now() - DELAI_AVANT_RAPPEL):
        date = formats.date_format(timezone.localtime(seance.date), "j F Y")
        notifier(
            destinataires=selectors.agents_du_comite(seance.comite),
            evenement="seance_non_close",
            cle=f"seance_non_close:{seance.pk}:{aujourd_hui.isoformat()}",
            sujet=f"Séance du {date} à clore",
            corps=(
                f"La séance du comité du {date} ({seance.lieu}) n'est pas close : enregistrez "
                "ses décisions, marquez-la comme tenue et publiez son relevé de décisions."
            ),
            lien=seance.get_absolute_url(),
            objet=seance,
        )
        rappels += 1
    return rappels
