from tests.accompagnement.conftest import accompagner  # noqa: F401
from tests.demandes.conftest import (  # noqa: F401  (shared fixtures)
    brouillon_delle,
    delle,
    deposee_delle,
    en_instruction_delle,
    pdf,
)
