import pytest

from demandes import services
from guichet.territoire.models import Operateur
from tests.demandes.conftest import (  # noqa: F401  (shared fixtures)
    brouillon_delle,
    delle,
    deposee_delle,
    en_instruction_delle,
    pdf,
)
from tests.outils.deux_departements import (  # noqa: F401  (shared fixtures)
    besancon,
    doubs,
    maire_besancon,
    orientee_doubs,
    prefecture_doubs,
)


@pytest.fixture
def orientee_cerema(en_instruction_delle, comptes):  # noqa: F811 (fixtures imported above)
    """Delle's request routed to Cerema (and Anah) by the DDT."""
    demande = services.orienter_demande(
        demande=en_instruction_delle,
        par=comptes["agent@ddt.demo"],
        version=en_instruction_delle.version,
        operateurs=Operateur.objects.filter(slug__in=["cerema", "anah"]),
        message="Étude hydraulique à cadrer",
    )
    return demande, demande.orientations.get(operateur__slug="cerema")
