"""An agent of the State asks anyone for an opinion from the demande's page."""

import pytest
from django.core import mail

from avis.models import Avis
from demandes.models import Evenement
from guichet.notifications.models import Notification

from .conftest import DDT, donnees_avis, lien_du_courriel

pytestmark = pytest.mark.django_db


def test_la_ddt_demande_un_avis_a_un_expert_sans_compte_qui_recoit_son_lien(
    client, connecter, comptes, orientee, django_capture_on_commit_callbacks
):
    connecter(DDT)
    page = client.get(f"/demandes/{orientee.pk}/").content.decode()
    assert f'href="/demandes/{orientee.pk}/avis/nouveau/"' in page
    assert client.get(f"/demandes/{orientee.pk}/avis/nouveau/").status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            f"/demandes/{orientee.pk}/avis/nouveau/", donnees_avis(confidentiel="on"), follow=True
        )
    page = reponse.content.decode()
    assert "Avis demandé à Claire Martin" in page
    avis = Avis.objects.get()
    assert avis.confidentiel and avis.demande_par == comptes[DDT]
    # The expert, who has no account, gets an email with their personal link.
    courriel = next(m for m in mail.outbox if m.to == ["claire.martin@dreal.example"])
    assert "compatible avec le plan de prévention" in courriel.body
    assert "Cet avis est confidentiel" in courriel.body
    lien = lien_du_courriel("claire.martin@dreal.example")
    assert client.get(lien).status_code == 200
    # The link is made when the email is built: the outbox (shown in the admin) never holds it.
    ligne = Notification.objects.get(adresse="claire.martin@dreal.example")
    assert ligne.destinataire is None
    jeton = lien.split("/")[2]
    assert jeton not in ligne.lien + ligne.corps + ligne.cle
    evenement = Evenement.objects.get(demande=orientee, type="avis")
    assert (
        evenement.libelle
        == "Avis demandé à Claire Martin (DREAL Bourgogne-Franche-Comté) (confidentiel)"
    )
    assert evenement.interne


def test_une_date_limite_passee_est_refusee_sous_le_champ(client, connecter, orientee):
    connecter(DDT)
    reponse = client.post(
        f"/demandes/{orientee.pk}/avis/nouveau/", donnees_avis(date_limite="2020-01-01")
    )
    assert reponse.status_code == 400
    assert "La date limite ne peut pas être déjà passée." in reponse.content.decode()
    assert not Avis.objects.exists()


@pytest.mark.parametrize(
    ("email", "attendu"),
    [
        ("maire@delle.demo", 403),  # sees the demande, may not ask
        ("contact@cerema.demo", 403),  # routed to it: sees it, may not ask
        ("contact@ademe.demo", 404),  # does not see it
        ("maire@belfort.demo", 404),
    ],
)
def test_qui_n_est_pas_agent_de_l_etat_ne_demande_pas_d_avis(
    client, connecter, orientee, email, attendu
):
    connecter(email)
    assert client.get(f"/demandes/{orientee.pk}/avis/nouveau/").status_code == attendu
    assert client.post(f"/demandes/{orientee.pk}/avis/nouveau/", donnees_avis()).status_code == (
        attendu
    )
    assert "Demander un avis" not in client.get(f"/demandes/{orientee.pk}/").content.decode()
    assert not Avis.objects.exists()
