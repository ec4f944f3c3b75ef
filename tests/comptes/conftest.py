import pytest

from tests.demandes.conftest import (  # noqa: F401  (shared fixtures)
    brouillon_delle,
    delle,
    deposee_delle,
    en_instruction_delle,
    pdf,
    secretaire_delle,
)
from tests.outils.fournisseur_oidc import fournisseur_demarre


@pytest.fixture(scope="session")
def fournisseur_oidc():
    """The tests' OpenID Provider, for the Django test client (http://testserver), started once
    per pytest process (each pytest-xdist worker has its own, on its own port)."""
    with fournisseur_demarre("http://testserver") as fournisseur:
        yield fournisseur


@pytest.fixture
def proconnect(fournisseur_oidc, settings):
    """The portal configured for the tests' provider, as the client ``guichet``."""
    fournisseur_oidc.configurer(settings)
    return fournisseur_oidc
