import datetime

import pytest
from django.utils import timezone

from accompagnement import services
from demandes import services as demandes
from tests.comite.conftest import comite, orienter  # noqa: F401
from tests.demandes.conftest import (  # noqa: F401  (shared fixtures)
    brouillon_delle,
    delle,
    deposee_delle,
    en_instruction_delle,
    pdf,
)


def accompagner(comptes, demande):
    """Route to Cerema (accepts) and Anah (silent), then support: « Accompagnée »."""
    demande = orienter(comptes, demande)
    return demandes.appliquer_transition(
        demande=demande,
        nom="accompagner",
        par=comptes["agent@ddt.demo"],
        version=None,
        date_accompagnement=timezone.now(),
    )


@pytest.fixture
def accompagnee(comptes, en_instruction_delle):  # noqa: F811
    return accompagner(comptes, en_instruction_delle)


def dans_un_mois():
    return timezone.localdate() + datetime.timedelta(days=30)


def ajouter(comptes, demande, email="agent@ddt.demo", **champs):
    return services.ajouter_action(
        demande=demande,
        par=comptes[email],
        libelle=champs.pop("libelle", "Déposer le dossier DETR"),
        porteur=champs.pop("porteur", "collectivite"),
        echeance=champs.pop("echeance", dans_un_mois()),
        **champs,
    )
