"""The video-conference link goes to those who see it on the séance's page: the State and the
members, not a collectivité reading the public agenda of its own request."""

import pytest

from comite.models import Seance

pytestmark = pytest.mark.django_db

LIEN = "https://webconf.numerique.gouv.fr/comite-90"


@pytest.fixture
def seance_avec_visio(seance_publiee):
    Seance.objects.filter(pk=seance_publiee.pk).update(lien_visio=LIEN)
    return seance_publiee


def _invitation(client, seance):
    reponse = client.get(f"/comite/seances/{seance.pk}/invitation.ics")
    assert reponse.status_code == 200
    return reponse.content.decode().replace("\r\n ", "")  # unfold the long lines


def test_la_collectivite_n_a_le_lien_de_visio_ni_sur_la_page_ni_dans_l_invitation(
    client, connecter, seance_avec_visio
):
    connecter("maire@delle.demo")
    assert LIEN not in client.get(f"/comite/seances/{seance_avec_visio.pk}/").content.decode()
    invitation = _invitation(client, seance_avec_visio)
    assert "BEGIN:VEVENT" in invitation and "Point d'étape PVD" in invitation
    assert LIEN not in invitation


def test_un_membre_a_le_lien_sur_la_page_et_dans_ses_invitations(
    client, connecter, seance_avec_visio
):
    connecter("membre@comite.demo")
    assert LIEN in client.get(f"/comite/seances/{seance_avec_visio.pk}/").content.decode()
    assert LIEN in _invitation(client, seance_avec_visio)
