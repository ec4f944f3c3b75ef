"""Two filings at the same moment, in two threads with their own PostgreSQL connections."""

import threading

import pytest
from django.db import connection, connections

from demandes import services
from demandes.models import Demande
from guichet.territoire.models import Collectivite, Thematique

from .conftest import donnees_completes

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="verrouillage concurrent : PostgreSQL seulement"
    ),
]


def test_deux_depots_simultanes_n_ont_jamais_la_meme_reference(comptes):
    maire = comptes["maire@delle.demo"]
    delle = Collectivite.objects.get(code_insee="90033")
    brouillons = [
        services.creer_brouillon(
            collectivite=delle,
            par=maire,
            donnees=donnees_completes(titre=f"Projet {i}"),
            thematiques=Thematique.objects.all()[:1],
        )
        for i in range(6)
    ]
    depart = threading.Barrier(len(brouillons))
    erreurs = []

    def deposer(brouillon):
        try:
            depart.wait()
            services.deposer_demande(demande=brouillon, par=maire, version=brouillon.version)
        except Exception as erreur:  # reported below: a thread's exception is otherwise lost
            erreurs.append(erreur)
        finally:
            connections.close_all()

    fils = [threading.Thread(target=deposer, args=(b,)) for b in brouillons]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join()

    assert erreurs == []
    references = list(Demande.objects.values_list("reference", flat=True))
    assert len(references) == len(set(references)) == len(brouillons)
