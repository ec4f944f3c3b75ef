"""Two agents acting on the same request at the same moment, each in its own thread and
PostgreSQL connection: one wins, the other gets « modifiée entre-temps », nothing is lost."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from demandes import services
from demandes.models import Demande, Statut

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrence : PostgreSQL seulement"
    ),
]


def test_deux_agents_au_meme_moment_un_seul_gagne(comptes, deposee_delle):
    version = deposee_delle.version
    depart = threading.Barrier(2)
    resultats = {}

    def agir(nom, action):
        try:
            depart.wait()
            action()
            resultats[nom] = "ok"
        except ValidationError as refus:
            resultats[nom] = " ".join(refus.messages)
        except Exception as erreur:  # reported by the assertion below
            resultats[nom] = repr(erreur)
        finally:
            connections.close_all()

    prefete, ddt = comptes["prefet@prefecture.demo"], comptes["agent@ddt.demo"]
    fils = [
        threading.Thread(
            target=agir,
            args=(
                "classer",
                lambda: services.classer_demande(
                    demande=deposee_delle, par=prefete, version=version, motif="Doublon"
                ),
            ),
        ),
        threading.Thread(
            target=agir,
            args=(
                "prendre",
                lambda: services.prendre_en_charge(demande=deposee_delle, par=ddt, version=version),
            ),
        ),
    ]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join()

    assert sorted(resultats.values())[-1] == "ok"
    perdant = [v for v in resultats.values() if v != "ok"]
    assert len(perdant) == 1 and "modifiée entre-temps" in perdant[0]
    demande = Demande.objects.get(pk=deposee_delle.pk)
    assert demande.version == version + 1
    assert demande.statut in (Statut.CLASSEE_SANS_SUITE, Statut.EN_INSTRUCTION)
