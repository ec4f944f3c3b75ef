import io

import pytest
from django.core.management import CommandError, call_command

from demandes.models import Demande, Evenement, Message, PieceJointe, Statut
from guichet.comptes.models import Rattachement, User
from guichet.territoire.models import Collectivite

pytestmark = pytest.mark.django_db


def _etat():
    return (
        User.objects.count(),
        Rattachement.objects.count(),
        Collectivite.objects.count(),
        Demande.objects.count(),
        PieceJointe.objects.count(),
        Message.objects.count(),
        Evenement.objects.count(),
        sorted(User.objects.values_list("email", "groups__name")),
    )


def test_seed_demo_est_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    premier = _etat()
    call_command("seed_demo", verbosity=0)
    assert _etat() == premier
    assert premier[0] == 13


def test_seed_demo_nomme_les_comptes_sauf_en_silence(settings):
    settings.DEBUG = True
    bavard, silencieux = io.StringIO(), io.StringIO()
    call_command("seed_demo", stdout=bavard)
    call_command("seed_demo", verbosity=0, stdout=silencieux)
    assert "prefet@prefecture.demo" in bavard.getvalue()
    assert silencieux.getvalue() == ""


def test_seed_demo_a_un_agent_de_l_anct_sans_rattachement(settings):
    from guichet.comptes.roles import Role

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    agent = User.objects.get(email="anct@anct.demo")
    assert agent.roles == {Role.ANCT}
    assert not agent.rattachements.exists() and not agent.is_staff


def test_seed_demo_refuse_debug_false_sans_force(settings):
    settings.DEBUG = False
    comptes = User.objects.count()
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", verbosity=0)
    assert User.objects.count() == comptes
    assert not Demande.objects.exists()
    call_command("seed_demo", "--force", verbosity=0)
    assert User.objects.filter(email="admin@guichet.demo", is_superuser=True).exists()


def test_seed_demo_couvre_chaque_statut_pour_belfort_et_delle(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    statuts = set(Demande.objects.values_list("statut", flat=True))
    assert statuts == set(Statut)
    assert set(Demande.objects.values_list("collectivite__nom", flat=True)) == {"Belfort", "Delle"}
    deposees = Demande.objects.exclude(statut=Statut.BROUILLON)
    assert not deposees.filter(reference__isnull=True).exists()
    assert not Demande.objects.filter(pieces__isnull=True).exists()
    assert Message.objects.filter(interne=True).exists()
    assert Message.objects.filter(interne=False).exists()


def test_seed_demo_a_un_compte_proconnect_de_delle_qui_attend_son_acces(settings):
    from guichet.comptes.models import DemandeAcces

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    user = User.objects.get(email="secretaire.proconnect@delle.demo")
    assert user.proconnect_sub and user.siret.startswith("219000338")
    assert not user.rattachements.exists()
    (demande,) = DemandeAcces.objects.filter(user=user)
    assert demande.en_attente and demande.collectivite.nom == "Delle"
