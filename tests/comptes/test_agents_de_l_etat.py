"""Who acts as the State: the préfecture, the DDT, and a superuser; one rule for every page."""

import pytest

from guichet.comptes.roles import est_agent_de_l_etat

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "email, agent",
    [
        ("prefet@prefecture.demo", True),
        ("agent@ddt.demo", True),
        ("admin@guichet.demo", True),
        ("maire@delle.demo", False),
        ("contact@ademe.demo", False),
        ("membre@comite.demo", False),
    ],
)
def test_est_agent_de_l_etat(email, agent, comptes):
    assert est_agent_de_l_etat(comptes[email]) is agent


@pytest.mark.parametrize(
    "email, code",
    [
        ("prefet@prefecture.demo", 200),
        ("agent@ddt.demo", 200),
        ("admin@guichet.demo", 200),
        ("maire@delle.demo", 403),
    ],
)
def test_les_pages_de_l_etat_suivent_la_meme_regle(email, code, client, connecter, deposee_delle):
    connecter(email)
    assert client.get(f"/demandes/{deposee_delle.pk}/confier/").status_code == code
    comite = client.get("/comite/seances/")
    assert comite.status_code == code
    assert ("Planifier" in comite.content.decode()) is (code == 200)
