"""The decision on an internal item, and its comment, never reach the collectivité: not by
email, not in the notification centre, not on the request page nor in its history."""

import pytest
from django.core import mail

from comite import services
from guichet.notifications.models import Notification

from .conftest import ouvrir

pytestmark = pytest.mark.django_db

COMMENTAIRE = "Arbitrage budgétaire confidentiel."


@pytest.fixture
def seance_avec_point_interne(comptes, seance, orientee):
    prefet = comptes["prefet@prefecture.demo"]
    point = services.inscrire_demande(
        seance=seance, par=prefet, version=None, demande=orientee, interne=True
    )
    services.publier_ordre_du_jour(seance=seance, par=prefet, version=None)
    ouvrir(seance)
    return point


@pytest.mark.parametrize("decision", ["favorable", "ajourne", "defavorable"])
def test_la_decision_d_un_point_interne_ne_va_pas_a_la_collectivite(
    client,
    connecter,
    seance_avec_point_interne,
    orientee,
    decision,
    django_capture_on_commit_callbacks,
):
    point = seance_avec_point_interne
    seance = point.seance
    seance.refresh_from_db()
    connecter("prefet@prefecture.demo")
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            f"/comite/seances/{seance.pk}/points/{point.pk}/decision/",
            {
                "decision": decision,
                "mode": "seance",
                "commentaire": COMMENTAIRE,
                "version": seance.version,
            },
        )
    assert reponse.status_code == 302
    # The operator that accepted the request hears of it; the collectivité does not.
    assert Notification.objects.filter(
        evenement="decision_comite", destinataire__email="contact@cerema.demo"
    ).exists()
    assert not Notification.objects.filter(
        evenement="decision_comite", destinataire__email="maire@delle.demo"
    ).exists()
    assert not [m for m in mail.outbox if "maire@delle.demo" in m.to]
    assert COMMENTAIRE in client.get(f"/demandes/{orientee.pk}/").content.decode()
    client.post("/comptes/deconnexion/")
    connecter("maire@delle.demo")
    page = client.get(f"/demandes/{orientee.pk}/?historique=1").content.decode()
    assert COMMENTAIRE not in page
    assert "Décision du comité" not in page
