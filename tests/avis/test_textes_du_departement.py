"""An expert asked about a demande of the Doubs hears from the préfecture of the Doubs, on
their page and in their email (issue #23)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from avis import services

from .conftest import donnees_avis, lien_du_courriel

pytestmark = pytest.mark.django_db


def test_l_expert_lit_que_la_prefecture_du_doubs_lui_demande_son_avis(
    client, orientee_doubs, prefecture_doubs, django_capture_on_commit_callbacks
):
    donnees = donnees_avis(confidentiel=False)
    donnees["date_limite"] = timezone.localdate() + datetime.timedelta(days=5)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.demander_avis(demande=orientee_doubs, par=prefecture_doubs, **donnees)

    (courriel,) = [m for m in mail.outbox if m.to == [donnees["expert_email"]]]
    assert "— Le guichet unique du Doubs" in courriel.body
    assert "Belfort" not in courriel.body
    page = client.get(lien_du_courriel(donnees["expert_email"])).content.decode()
    assert "la préfecture du Doubs vous demande votre avis" in page
    assert "préfecture du Territoire de Belfort" not in page
