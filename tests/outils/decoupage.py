"""The official territory of all France, from the npm package ``@etalab/decoupage-administratif``
that ``make test`` installs (``make territoire-france``), loaded by the real command."""

import io

import pytest
from django.core.management import call_command

from guichet.territoire import france


def charger_depuis_le_paquet(codes):
    """Run ``charger_territoire --departements codes``; what it printed."""
    if not (france.PAQUET / "package.json").is_file():
        pytest.fail(
            "Paquet @etalab/decoupage-administratif non installé : lancez `make test` (ou "
            "`make territoire-france`).",
            pytrace=False,
        )
    sortie = io.StringIO()
    call_command("charger_territoire", departements=codes, stdout=sortie)
    return sortie.getvalue()
