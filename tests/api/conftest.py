import pytest
from rest_framework.test import APIClient

from api import services
from guichet.comptes.models import ServiceEtat
from guichet.comptes.organisations import Organisation
from guichet.territoire.models import Departement, Operateur
from tests.demandes.conftest import (  # noqa: F401  (shared fixtures)
    brouillon_delle,
    creer,
    delle,
    deposee_delle,
    en_instruction_delle,
    pdf,
)
from tests.securite.conftest import monde  # noqa: F401

# Who creates each organisation's token: one of its members (demo accounts).
MEMBRES = {
    "cerema": ("contact@cerema.demo", lambda: Organisation(operateur=_op("cerema"))),
    "ademe": ("contact@ademe.demo", lambda: Organisation(operateur=_op("ademe"))),
    "prefecture": (
        "prefet@prefecture.demo",
        lambda: Organisation(
            service=ServiceEtat.PREFECTURE, departement=Departement.objects.par_defaut()
        ),
    ),
    "ddt": (
        "agent@ddt.demo",
        lambda: Organisation(service=ServiceEtat.DDT, departement=Departement.objects.par_defaut()),
    ),
}


def _op(slug):
    return Operateur.objects.get(slug=slug)


@pytest.fixture
def jeton(comptes):
    """``jeton("cerema", "ecriture")``: a token of that organisation, in clear."""

    def _jeton(organisation, portee="lecture"):
        email, quelle = MEMBRES[organisation]
        _, texte = services.creer_jeton(
            par=comptes[email], organisation=quelle(), nom=f"Jeton {organisation}", portee=portee
        )
        return texte

    return _jeton


@pytest.fixture
def api(jeton):
    """``api("cerema")``: an HTTP client that sends that organisation's token."""

    def _api(organisation, portee="lecture"):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {jeton(organisation, portee)}")
        return client

    return _api
