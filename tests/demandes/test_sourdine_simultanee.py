"""Two quick clicks on « Ne plus recevoir de courriel », each in its own thread and PostgreSQL
connection: both answered, the demande muted once."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from demandes.models import Sourdine

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrence : PostgreSQL seulement"
    ),
]


def cliquer(maire, url, depart, reponses):
    navigateur = Client()
    navigateur.force_login(maire)
    try:
        depart.wait()
        reponses.append(navigateur.post(url, {"en_sourdine": "1"}).status_code)
    except Exception as erreur:  # reported by the assertion below
        reponses.append(repr(erreur))
    finally:
        connections.close_all()


def test_deux_clics_simultanes_sur_la_sourdine(comptes, deposee_delle):
    maire = comptes["maire@delle.demo"]
    url = f"/notifications/sourdine/{deposee_delle.pk}/"
    # Before the guard, most pairs met on the unique constraint: five pairs.
    for _ in range(5):
        Sourdine.objects.all().delete()
        depart, reponses = threading.Barrier(2), []
        fils = [
            threading.Thread(target=cliquer, args=(maire, url, depart, reponses)) for _ in range(2)
        ]
        for fil in fils:
            fil.start()
        for fil in fils:
            fil.join()
        assert reponses == [302, 302]
        assert Sourdine.objects.filter(user=maire, demande=deposee_delle).count() == 1
