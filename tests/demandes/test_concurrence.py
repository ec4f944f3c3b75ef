import pytest

from demandes import services
from demandes.models import Statut
from guichet.territoire.models import Thematique

from .conftest import donnees_completes, recharger

pytestmark = pytest.mark.django_db


def test_deux_personnes_modifient_le_meme_brouillon(
    client, connecter, brouillon_delle, secretaire_delle
):
    version_vue = brouillon_delle.version
    themes = list(Thematique.objects.filter(slug="habitat").values_list("pk", flat=True))
    services.modifier_brouillon(
        demande=brouillon_delle,
        par=secretaire_delle,
        version=version_vue,
        donnees=donnees_completes(titre="Version de la secrétaire"),
        thematiques=themes,
    )
    connecter("maire@delle.demo")
    reponse = client.post(
        f"/demandes/{brouillon_delle.pk}/modifier/",
        {
            **donnees_completes(titre="Version du maire"),
            "thematiques": themes,
            "version": version_vue,
            "brouillon": "1",
        },
    )
    assert reponse.status_code == 200
    assert "modifiée entre-temps" in reponse.content.decode()
    assert recharger(brouillon_delle).titre == "Version de la secrétaire"


def test_retirer_avec_une_version_perimee_ne_perd_rien(client, connecter, deposee_delle, comptes):
    version_vue = deposee_delle.version
    services.envoyer_message(
        demande=deposee_delle, par=comptes["maire@delle.demo"], texte="Bonjour"
    )
    services.prendre_en_charge(
        demande=deposee_delle, par=comptes["agent@ddt.demo"], version=version_vue
    )
    connecter("maire@delle.demo")
    reponse = client.post(
        f"/demandes/{deposee_delle.pk}/retirer/", {"version": version_vue}, follow=True
    )
    assert "modifiée entre-temps" in reponse.content.decode()
    assert recharger(deposee_delle).statut == Statut.EN_INSTRUCTION
