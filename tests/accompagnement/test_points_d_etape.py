"""« Où en êtes-vous ? »: asked once per period, answered in the thread."""

import datetime

import pytest
from django.utils import timezone

from accompagnement import tasks
from accompagnement.models import ConfigurationPointsEtape, PointEtape
from demandes.models import Demande, Message, Statut
from guichet.notifications.models import Notification
from tests.factories import DemandeFactory
from tests.outils.deux_departements import (  # noqa: F401  (shared fixtures)
    besancon,
    doubs,
    maire_besancon,
)

pytestmark = pytest.mark.django_db


def accompagnee_depuis(demande, jours):
    Demande.objects.filter(pk=demande.pk).update(
        date_accompagnement=timezone.now() - datetime.timedelta(days=jours)
    )


def test_le_point_d_etape_n_est_demande_qu_une_fois_par_periode(accompagnee, settings):
    configuration = ConfigurationPointsEtape.du_departement(accompagnee.departement_id)
    configuration.periodicite_mois = 3
    configuration.save()
    accompagnee_depuis(accompagnee, 40)
    assert tasks.demander_les_points_d_etape() == 0  # first period not over
    accompagnee_depuis(accompagnee, 95)
    assert tasks.demander_les_points_d_etape() == 1
    assert tasks.demander_les_points_d_etape() == 0  # same period: nothing more
    assert PointEtape.objects.get().numero == 1
    assert (
        Notification.objects.filter(
            evenement="point_d_etape", destinataire__email="maire@delle.demo"
        ).count()
        == 1
    )
    accompagnee_depuis(accompagnee, 190)
    assert tasks.demander_les_points_d_etape() == 1
    assert list(PointEtape.objects.values_list("numero", flat=True)) == [1, 2]
    assert "accompagnement.tasks.demander_les_points_d_etape" in {
        tache["task"] for tache in settings.CELERY_BEAT_SCHEDULE.values()
    }


def test_la_reponse_de_la_collectivite_entre_dans_le_fil(client, connecter, accompagnee):
    accompagnee_depuis(accompagnee, 95)
    tasks.demander_les_points_d_etape()
    connecter("maire@delle.demo")
    page = client.get(accompagnee.get_absolute_url()).content.decode()
    assert "Où en êtes-vous ?" in page
    url = f"/demandes/{accompagnee.pk}/point-d-etape/"
    reponse = client.post(url, {"reponse": ""})
    assert reponse.status_code == 400
    assert reponse.context["form"].errors["reponse"] == [
        "Dites en quelques lignes où en est le projet."
    ]
    reponse = client.post(url, {"reponse": "Travaux lancés, fin prévue en juin."})
    assert reponse.status_code == 302
    message = Message.objects.get(texte__startswith="Point d'étape")
    assert message.texte == "Point d'étape : Travaux lancés, fin prévue en juin."
    assert PointEtape.objects.get().message == message
    # Answered: no form any more until the next period.
    assert client.post(url, {"reponse": "Encore"}).status_code == 302
    assert Message.objects.filter(texte__startswith="Point d'étape").count() == 1
    assert Notification.objects.filter(
        evenement="point_d_etape_repondu", destinataire__email="contact@cerema.demo"
    ).exists()


def test_seule_la_collectivite_repond_au_point_d_etape(client, connecter, accompagnee):
    accompagnee_depuis(accompagnee, 95)
    tasks.demander_les_points_d_etape()
    connecter("agent@ddt.demo")
    reponse = client.post(f"/demandes/{accompagnee.pk}/point-d-etape/", {"reponse": "Bien"})
    assert reponse.status_code == 403


def test_aucun_point_d_etape_quand_ils_sont_desactives(accompagnee):
    ConfigurationPointsEtape.objects.update_or_create(
        departement=accompagnee.departement, defaults={"actif": False}
    )
    accompagnee_depuis(accompagnee, 400)
    assert tasks.demander_les_points_d_etape() == 0


def test_chaque_departement_a_sa_periodicite_et_peut_les_arreter(
    accompagnee,
    doubs,  # noqa: F811
    besancon,  # noqa: F811
    maire_besancon,  # noqa: F811
):
    """Delle's (90) on the defaults (every three months), Besançon's (25) every six: after 95
    days, only Delle's collectivité is asked; the Doubs stopping them asks nothing of it."""
    de_besancon = DemandeFactory(
        collectivite=besancon, deposant=maire_besancon, statut=Statut.ACCOMPAGNEE
    )
    ConfigurationPointsEtape.objects.create(departement=doubs, periodicite_mois=6)
    for demande in (accompagnee, de_besancon):
        accompagnee_depuis(demande, 95)

    assert tasks.demander_les_points_d_etape() == 1
    assert PointEtape.objects.get().demande == accompagnee
    assert ConfigurationPointsEtape.du_departement(accompagnee.departement_id).periodicite_mois == 3

    accompagnee_depuis(de_besancon, 190)
    assert tasks.demander_les_points_d_etape() == 1
    assert PointEtape.objects.get(demande=de_besancon).numero == 1
    assert Notification.objects.filter(
        evenement="point_d_etape", destinataire=maire_besancon
    ).exists()

    ConfigurationPointsEtape.objects.filter(departement=doubs).update(actif=False)
    accompagnee_depuis(de_besancon, 400)
    accompagnee_depuis(accompagnee, 400)
    assert tasks.demander_les_points_d_etape() == 1  # Delle's fourth period only
    assert not PointEtape.objects.filter(demande=de_besancon, numero__gt=1).exists()
