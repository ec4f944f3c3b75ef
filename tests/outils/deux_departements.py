"""Two départements on one instance: the Territoire de Belfort (90, the demo's) and the Doubs
(25), with a commune, its mayor, a préfecture agent and a routed demande in the Doubs, built by
the factories. Shared by the comité's and the operators' tests."""

import pytest

from demandes import services as demandes
from demandes.models import Statut
from guichet.comptes.services import rattacher
from guichet.territoire.models import Departement, Operateur
from tests.factories import CommuneFactory, DemandeFactory, UserFactory


@pytest.fixture
def doubs(db):
    return Departement.objects.get(code="25")


@pytest.fixture
def besancon(doubs):
    return CommuneFactory(nom="Besançon d'essai", departement=doubs)


@pytest.fixture
def maire_besancon(besancon):
    user = UserFactory(email="maire@besancon.essai")
    rattacher(user=user, collectivite=besancon, fonction="Maire")
    return user


@pytest.fixture
def prefecture_doubs(doubs):
    """An agent of the Doubs's préfecture, and of no other."""
    user = UserFactory(email="agent@prefecture-doubs.essai")
    rattacher(user=user, service="prefecture", departement=doubs, fonction="Chargé de mission")
    return user


def demande_orientee(*, collectivite, deposant, par, operateurs, titre):
    """A demande of ``collectivite`` routed by ``par`` (an agent of its département)."""
    demande = DemandeFactory(
        collectivite=collectivite, deposant=deposant, titre=titre, statut=Statut.EN_INSTRUCTION
    )
    return demandes.orienter_demande(
        demande=demande,
        par=par,
        version=demande.version,
        operateurs=Operateur.objects.filter(slug__in=operateurs),
    )


@pytest.fixture
def orientee_doubs(comptes, besancon, maire_besancon, prefecture_doubs):
    return demande_orientee(
        collectivite=besancon,
        deposant=maire_besancon,
        par=prefecture_doubs,
        operateurs=["cerema"],
        titre="Passerelle sur le Doubs",
    )
