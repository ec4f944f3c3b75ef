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
    prefecture_doubs,
)
