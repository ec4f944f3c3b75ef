"""Labels common to every département, and a département's own (issue #23): its agents see and
use them, those of another département never do, and they go on its demandes only."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from demandes.models import Etiquette
from guichet.territoire.models import Departement
from tests.factories import DemandeFactory
from tests.outils.deux_departements import (  # noqa: F401  (shared fixtures)
    besancon,
    doubs,
    maire_besancon,
    prefecture_doubs,
)

pytestmark = pytest.mark.django_db

AGENT_90 = "agent@ddt.demo"


@pytest.fixture
def labels(comptes, doubs, besancon, maire_besancon, prefecture_doubs):  # noqa: F811
    """A demande of Delle (90) and one of Besançon (25), and a label of each département."""
    belfort = Departement.objects.get(code="90")
    return {
        "delle": DemandeFactory(titre="Cantine de Delle"),
        "besancon": DemandeFactory(
            collectivite=besancon, deposant=maire_besancon, titre="Passerelle de Besançon"
        ),
        "du_90": Etiquette.objects.create(nom="Territoire d'industrie", departement=belfort),
        "du_25": Etiquette.objects.create(nom="Contrat de ville de Besançon", departement=doubs),
        "agent_25": prefecture_doubs,
    }


def _noms_offerts(page):
    """The label names a page offers, from the options of its selects and the buttons of a
    demande's page (the labels the portal seeds, « Urgent » among them, are common ones)."""
    return {
        nom
        for nom in ("Urgent", "Territoire d&#x27;industrie", "Contrat de ville de Besançon")
        if nom in page
    }


def test_chaque_departement_voit_les_etiquettes_communes_et_les_siennes(client, connecter, labels):
    connecter(AGENT_90)
    tableau = client.get("/tableau-de-bord/?onglet=toutes").content.decode()
    demande = client.get(f"/demandes/{labels['delle'].pk}/").content.decode()
    for page in (tableau, demande):
        assert _noms_offerts(page) == {"Urgent", "Territoire d&#x27;industrie"}

    client.force_login(labels["agent_25"])
    tableau = client.get("/tableau-de-bord/?onglet=toutes").content.decode()
    demande = client.get(f"/demandes/{labels['besancon'].pk}/").content.decode()
    for page in (tableau, demande):
        assert _noms_offerts(page) == {"Urgent", "Contrat de ville de Besançon"}


def test_l_etiquette_d_un_autre_departement_ne_se_pose_pas(client, connecter, labels):
    connecter(AGENT_90)
    delle, du_25 = labels["delle"], labels["du_25"]

    sur_la_page = client.post(f"/demandes/{delle.pk}/etiqueter/", {"etiquette": du_25.pk})
    en_masse = client.post(
        "/tableau-de-bord/actions/",
        {"demandes": [delle.pk], "action": "etiqueter", "etiquette": du_25.pk},
        follow=True,
    )

    assert sur_la_page.status_code == 404
    assert "Sélectionnez un choix valide" in en_masse.content.decode()
    assert "Choisissez l&#x27;étiquette" not in en_masse.content.decode()  # said once
    assert not du_25.demandes.exists()
    # Its filter is not one the agent may choose: ignored, as any unknown value.
    filtree = client.get(f"/tableau-de-bord/?onglet=toutes&etiquette={du_25.pk}")
    assert "Contrat de ville de Besançon" not in filtree.content.decode()


def test_le_superutilisateur_pose_l_etiquette_d_un_departement_sur_ses_seules_demandes(
    client, comptes, labels
):
    client.force_login(comptes["admin@guichet.demo"])
    delle, de_besancon, du_25 = labels["delle"], labels["besancon"], labels["du_25"]

    refusee = client.post(
        "/tableau-de-bord/actions/",
        {"demandes": [delle.pk, de_besancon.pk], "action": "etiqueter", "etiquette": du_25.pk},
        follow=True,
    ).content.decode()
    assert f"celle d&#x27;un autre département que celui de : {delle.reference}" in refusee
    assert not du_25.demandes.exists()  # the whole lot refused, Besançon's included

    posee = client.post(
        "/tableau-de-bord/actions/",
        {"demandes": [de_besancon.pk], "action": "etiqueter", "etiquette": du_25.pk},
        follow=True,
    ).content.decode()
    assert "Étiquette « Contrat de ville de Besançon » posée sur" in posee
    assert list(du_25.demandes.all()) == [de_besancon]


def test_un_nom_est_unique_parmi_les_communes_et_dans_chaque_departement(labels, doubs):  # noqa: F811
    belfort = Departement.objects.get(code="90")
    # The same name in two départements: two labels that never meet.
    Etiquette.objects.create(nom="Contrat de ville de Besançon", departement=belfort)
    for doublon in (
        Etiquette(nom="Urgent"),
        Etiquette(nom="Territoire d'industrie", departement=belfort),
    ):
        with pytest.raises(ValidationError), transaction.atomic():
            doublon.full_clean()
        with pytest.raises(IntegrityError), transaction.atomic():
            doublon.save()
    # A département's label named as a common one would show twice to its agents.
    with pytest.raises(ValidationError, match="Une étiquette commune porte déjà ce nom"):
        Etiquette(nom="Urgent", departement=doubs).full_clean()
    with pytest.raises(ValidationError, match="Une étiquette d'un département porte déjà ce nom"):
        Etiquette(nom="Contrat de ville de Besançon").full_clean()
