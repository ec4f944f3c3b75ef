from tests.comite.conftest import (  # noqa: F401  (shared fixtures)
    comite,
    orientee,
    seance,
    seance_publiee,
)
from tests.demandes.conftest import (  # noqa: F401
    brouillon_delle,
    delle,
    deposee_delle,
    en_instruction_delle,
    pdf,
)
