"""At the end of retention, the experts' personal data and documents go with the demande's."""

import datetime

import pytest
from django.utils import timezone

from avis.models import Avis
from demandes import conservation
from demandes import services as demandes
from demandes.models import Demande

from .conftest import demander, repondre

pytestmark = pytest.mark.django_db


def test_les_donnees_de_l_expert_sont_effacees_avec_celles_de_la_demande(
    comptes, en_instruction_delle, pdf, settings, django_capture_on_commit_callbacks
):
    avis = demander(comptes, en_instruction_delle)
    repondre(avis, "Avis nominatif de Claire Martin.", [pdf()])
    fichier = settings.MEDIA_ROOT / "pieces" / avis.documents.get().fichier.name
    assert fichier.is_file()
    demande = demandes.classer_demande(
        demande=en_instruction_delle, par=comptes["agent@ddt.demo"], version=None, motif="Abandon"
    )
    Demande.objects.filter(pk=demande.pk).update(
        date_classement=timezone.now() - datetime.timedelta(days=30 * 61)
    )
    assert conservation.avertir() == 1
    plus_tard = timezone.now() + datetime.timedelta(days=settings.PREAVIS_JOURS + 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert conservation.purger(plus_tard) == 1
    avis = Avis.objects.get()
    assert (avis.expert_nom, avis.reponse, avis.documents.count()) == ("—", "[purgé]", 0)
    assert "claire" not in avis.expert_email
    assert not fichier.exists()
