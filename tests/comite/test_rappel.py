import datetime

import pytest
from django.utils import timezone

from comite.models import Seance, StatutSeance
from comite.tasks import rappeler_seances_non_closes
from guichet.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _seance(comite, jours, statut):
    return Seance.objects.create(
        comite=comite,
        date=timezone.now() - datetime.timedelta(days=jours),
        lieu="Préfecture",
        statut=statut,
    )


def test_une_seance_passee_non_close_est_rappelee_a_l_etat(comite):
    oubliee = _seance(comite, 3, StatutSeance.ORDRE_DU_JOUR_PUBLIE)
    _seance(comite, 1, StatutSeance.ORDRE_DU_JOUR_PUBLIE)
    _seance(comite, 10, StatutSeance.TENUE)
    _seance(comite, 10, StatutSeance.RELEVE_PUBLIE)
    assert rappeler_seances_non_closes.delay().get() == 1
    rappels = Notification.objects.filter(evenement="seance_non_close")
    assert set(rappels.values_list("destinataire__email", flat=True)) == {
        "prefet@prefecture.demo",
        "agent@ddt.demo",
    }
    assert all(r.lien == f"/comite/seances/{oubliee.pk}/" for r in rappels)


def test_le_rappel_ne_part_qu_une_fois_par_jour(comite):
    _seance(comite, 5, StatutSeance.EN_PREPARATION)
    rappeler_seances_non_closes()
    rappeler_seances_non_closes()
    assert Notification.objects.filter(evenement="seance_non_close").count() == 2
