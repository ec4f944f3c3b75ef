"""Hostile input posted to the request form: never a 500, a French error next to the field,
nothing half-saved; every text escaped wherever it is shown."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from demandes.models import Demande

pytestmark = pytest.mark.django_db

MALVEILLANT = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "'; DROP TABLE demandes_demande; --",
        "x" * 10_000,
        "\u202eexe.pdf",
        "\x00\x01\x02",
        "‮",
        "🏛️" * 50,
        "-1",
        "1e400",
        "9999-99-99",
        "0000-00-00",
        "999999999",
        "",
    ]
)
VALEUR = st.one_of(MALVEILLANT, st.text(max_size=300), st.integers().map(str))
CHAMPS = [
    "titre",
    "description",
    "programme",
    "besoin",
    "maturite",
    "budget_estime",
    "echeance_souhaitee",
    "contact_nom",
    "contact_email",
    "contact_telephone",
    "thematiques",
    "version",
]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    donnees=st.fixed_dictionaries({}, optional=dict.fromkeys(CHAMPS, VALEUR)),
    bouton=st.sampled_from(["deposer", "brouillon"]),
)
def test_le_formulaire_de_demande_resiste_a_toute_saisie(
    client, connecter, comptes, donnees, bouton
):
    if "_auth_user_id" not in client.session:
        connecter("maire@delle.demo")
    avant = Demande.objects.count()
    reponse = client.post("/demandes/nouvelle/", {**donnees, bouton: "1"})
    apres = Demande.objects.count()
    assert reponse.status_code in (200, 302)
    if reponse.status_code == 200:
        page = reponse.content.decode()
        assert apres == avant, "rien d'enregistré quand le formulaire est refusé"
        assert 'role="alert"' in page
        assert "<script>alert(1)</script>" not in page
        assert "<img src=x" not in page
    else:
        assert apres == avant + 1
        detail = client.get(reponse["Location"]).content.decode()
        assert "<script>alert(1)</script>" not in detail and "<img src=x" not in detail
