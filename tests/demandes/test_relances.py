"""The State's morning digest of the demandes waiting beyond the delays set in the admin."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from demandes import tasks
from demandes.models import ConfigurationRelances, Demande

pytestmark = pytest.mark.django_db


def test_le_recapitulatif_des_retards_du_matin(
    comptes, deposee_delle, django_capture_on_commit_callbacks
):
    Demande.objects.filter(pk=deposee_delle.pk).update(
        date_depot=timezone.now() - datetime.timedelta(days=6)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.envoyer_relances_etat() == 1
        assert tasks.envoyer_relances_etat() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["agent@ddt.demo", "prefet@prefecture.demo"]
    assert "Déposées et non prises en charge (1)" in mail.outbox[0].body
    assert deposee_delle.reference in mail.outbox[0].body


def test_les_delais_se_reglent_dans_l_administration(
    client, connecter, comptes, deposee_delle, django_capture_on_commit_callbacks
):
    Demande.objects.filter(pk=deposee_delle.pk).update(
        date_depot=timezone.now() - datetime.timedelta(days=6)
    )
    config = ConfigurationRelances.du_departement(deposee_delle.departement)
    connecter("admin@guichet.demo")
    url = f"/admin/demandes/configurationrelances/{config.pk}/change/"
    assert "Délais de relance" in client.get(url).content.decode()
    reponse = client.post(
        url,
        {
            "delai_prise_en_charge": "10",
            "delai_complement": "15",
            "delai_operateur": "15",
            "actif": "on",
            "relance_operateur": "7",
            "relance_complement": "12",
            "relance_avis": "2",
            "relances_actives": "on",
        },
    )
    assert reponse.status_code == 302
    config.refresh_from_db()
    assert (config.relance_operateur, config.relance_complement, config.relance_avis) == (7, 12, 2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.envoyer_relances_etat() == 0
    assert mail.outbox == []
