import pytest
from django.core.management import CommandError, call_command

from guichet.comptes.models import Rattachement, User
from guichet.territoire.models import Collectivite

pytestmark = pytest.mark.django_db


def _etat():
    return (
        User.objects.count(),
        Rattachement.objects.count(),
        Collectivite.objects.count(),
        sorted(User.objects.values_list("email", "groups__name")),
    )


def test_seed_demo_est_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    premier = _etat()
    call_command("seed_demo", verbosity=0)
    assert _etat() == premier
    assert premier[0] == 11


def test_seed_demo_refuse_debug_false_sans_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", verbosity=0)
    assert not User.objects.exists()
    call_command("seed_demo", "--force", verbosity=0)
    assert User.objects.filter(email="admin@guichet.demo", is_superuser=True).exists()
