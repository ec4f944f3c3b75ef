import pytest

from avis.models import Avis
from demo.chargement import charger_demo
from guichet.notifications.models import Notification, StatutEnvoi

pytestmark = pytest.mark.django_db


def test_la_demo_montre_des_avis_sans_ecrire_aux_experts():
    charger_demo()
    charger_demo()
    assert Avis.objects.count() == 3
    assert Avis.objects.recus().filter(confidentiel=True).count() == 1
    assert Avis.objects.en_attente().count() == 1
    lignes = Notification.objects.exclude(adresse="")
    assert lignes.exists()
    assert not lignes.filter(statut=StatutEnvoi.A_ENVOYER).exists()
