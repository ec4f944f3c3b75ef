"""Recipients come from current memberships: a person detached from an organisation hears no more
of its demandes (a mayor after an election, an agent who left the DDT)."""

import pytest
from django.core import mail

from demandes import services
from guichet.comptes.models import Rattachement, User
from guichet.comptes.services import detacher, rattacher
from guichet.notifications.models import Notification
from guichet.territoire.models import Operateur, Thematique
from tests.demandes.conftest import donnees_completes

pytestmark = pytest.mark.django_db


def _courriels_de(email):
    return [m for m in mail.outbox if email in m.to]


def _notifications_de(email):
    return Notification.objects.filter(destinataire__email=email)


@pytest.fixture
def ancien_maire(comptes, delle):
    user = User.objects.create_user("ancien-maire@delle.demo", "un-mot-de-passe-solide")
    rattacher(user=user, collectivite=delle, fonction="Maire")
    return user


@pytest.fixture
def deposee_par_l_ancien_maire(ancien_maire, delle):
    demande = services.creer_brouillon(
        collectivite=delle,
        par=ancien_maire,
        donnees=donnees_completes(),
        thematiques=Thematique.objects.filter(slug="habitat"),
    )
    demande = services.deposer_demande(demande=demande, par=ancien_maire, version=demande.version)
    detacher(rattachement=Rattachement.objects.get(user=ancien_maire))
    return demande


def test_le_deposant_detache_de_sa_collectivite_n_est_plus_prevenu(
    client, connecter, deposee_par_l_ancien_maire, django_capture_on_commit_callbacks
):
    demande = deposee_par_l_ancien_maire
    connecter("agent@ddt.demo")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/demandes/{demande.pk}/prendre-en-charge/", {"version": demande.version})
        client.post(f"/demandes/{demande.pk}/messages/", {"texte": "Pouvez-vous préciser ?"})
    assert _notifications_de("maire@delle.demo").filter(evenement="message").exists()
    assert (
        not _notifications_de("ancien-maire@delle.demo")
        .filter(evenement__in=["prise_en_charge", "message"])
        .exists()
    )
    assert _courriels_de("maire@delle.demo")
    assert not _courriels_de("ancien-maire@delle.demo")


@pytest.fixture
def referent_parti(comptes, en_instruction_delle):
    """An agent of the DDT, referent of Delle's demande, who then left the DDT."""
    agent = User.objects.create_user("partie@ddt.demo", "un-mot-de-passe-solide")
    rattachement = rattacher(user=agent, service="ddt")
    demande = services.assigner(
        demande=en_instruction_delle, par=comptes["agent@ddt.demo"], version=None, referent=agent
    )
    detacher(rattachement=rattachement)
    return demande


def test_un_referent_qui_a_quitte_l_etat_n_est_plus_prevenu(
    client, connecter, comptes, referent_parti, django_capture_on_commit_callbacks
):
    demande = services.orienter_demande(
        demande=referent_parti,
        par=comptes["agent@ddt.demo"],
        version=None,
        operateurs=[Operateur.objects.get(slug="cerema")],
    )
    orientation = demande.orientations.get()
    with django_capture_on_commit_callbacks(execute=True):
        connecter("maire@delle.demo")
        client.post(f"/demandes/{demande.pk}/messages/", {"texte": "Où en est-on ?"})
        client.post("/comptes/deconnexion/")
        connecter("contact@cerema.demo")
        client.post(f"/operateurs/orientations/{orientation.pk}/accepter/", {})
    assert (
        not _notifications_de("partie@ddt.demo")
        .filter(evenement__in=["message", "operateur_accepte"])
        .exists()
    )
    assert not _courriels_de("partie@ddt.demo")
    # The State services hear of the message instead; the DDT of the operator's answer.
    assert _notifications_de("prefet@prefecture.demo").filter(evenement="message").exists()
    assert _notifications_de("agent@ddt.demo").filter(evenement="operateur_accepte").exists()
