import pytest

from demarches.models import ChampDemande, CorrespondanceChamp, Demarche
from tests.accompagnement.conftest import accompagnee, accompagner  # noqa: F401
from tests.comite.conftest import orientee  # noqa: F401
from tests.demandes.conftest import (  # noqa: F401  (shared fixtures)
    brouillon_delle,
    delle,
    deposee_delle,
    en_instruction_delle,
    pdf,
)


@pytest.fixture
def demarche(db):
    demarche = Demarche.objects.create(nom="DETR/DSIL 2027", numero=123456, chemin="detr-dsil-90")
    for champ, identifiant in [
        (ChampDemande.TITRE, "Q2hhbXAtMTIz"),
        (ChampDemande.COLLECTIVITE, "Q2hhbXAtMTI0"),
        (ChampDemande.DESCRIPTION, "Q2hhbXAtMTI1"),
        (ChampDemande.THEMATIQUES, "Q2hhbXAtMTI2"),
        (ChampDemande.BUDGET_ESTIME, "Q2hhbXAtMTI3"),
    ]:
        CorrespondanceChamp.objects.create(
            demarche=demarche, champ_demande=champ, identifiant_ds=identifiant
        )
    return demarche
