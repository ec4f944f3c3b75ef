import pytest

from comite.models import Seance, StatutSeance
from demo.chargement import charger_demo

pytestmark = pytest.mark.django_db


def test_la_demo_montre_une_seance_a_venir_et_une_seance_decidee(client, connecter, demo):
    a_venir = Seance.objects.get(statut=StatutSeance.ORDRE_DU_JOUR_PUBLIE)
    passee = Seance.objects.get(statut=StatutSeance.RELEVE_PUBLIE)
    hydrogene = a_venir.points.get(demande__isnull=False).demande
    assert hydrogene.titre == "Station hydrogène pour les bus urbains"
    assert passee.points.get().decision == "favorable"
    connecter("membre@comite.demo")
    liste = client.get("/comite/seances/").context
    assert (liste["a_venir"], liste["passees"]) == ([a_venir], [passee])
    page = client.get(f"/comite/seances/{a_venir.pk}/").content.decode()
    assert "Station hydrogène pour les bus urbains" in page
    assert "Petites villes de demain" in page
    assert client.get(f"/demandes/{hydrogene.pk}/").status_code == 200
    assert client.get(f"/comite/seances/{passee.pk}/releve-de-decisions.pdf").status_code == 200


def test_la_demo_du_comite_est_idempotente(demo):
    avant = (Seance.objects.count(), sum(s.points.count() for s in Seance.objects.all()))
    charger_demo()
    apres = (Seance.objects.count(), sum(s.points.count() for s in Seance.objects.all()))
    assert avant == apres == (2, 4)
