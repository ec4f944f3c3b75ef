"""What a template hides is refused too: a closed demande (clôturée, classée sans suite) no
longer changes hands, whatever route the POST comes through."""

import pytest
from django.core.exceptions import PermissionDenied

from demandes import services
from demandes.models import Demande, Statut
from guichet.territoire.models import Operateur

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[Statut.CLOTUREE, Statut.CLASSEE_SANS_SUITE])
def close(request, comptes, en_instruction_delle):
    """Delle's demande, taken in charge by the DDT, then closed one way or the other."""
    ddt = comptes["agent@ddt.demo"]
    if request.param == Statut.CLASSEE_SANS_SUITE:
        return services.classer_demande(
            demande=en_instruction_delle, par=ddt, version=None, motif="Doublon"
        )
    demande = services.orienter_demande(
        demande=en_instruction_delle,
        par=ddt,
        version=None,
        operateurs=[Operateur.objects.get(slug="cerema")],
    )
    return services.cloturer_demande(demande=demande, par=ddt, version=None)


def _inchangee(demande):
    actuelle = Demande.objects.get(pk=demande.pk)
    return (actuelle.referent, actuelle.version) == (demande.referent, demande.version)


def test_on_ne_confie_pas_une_demande_close(client, connecter, comptes, close):
    connecter("agent@ddt.demo")
    page = client.get(f"/demandes/{close.pk}/").content.decode()
    assert "Confier à un collègue" not in page
    reponse = client.post(
        f"/demandes/{close.pk}/confier/",
        {"version": close.version, "referent": comptes["prefet@prefecture.demo"].pk},
    )
    assert reponse.status_code == 400
    assert "rouvrez-la" in reponse.content.decode()
    assert _inchangee(close)


def test_on_ne_prend_pas_en_charge_une_demande_close(client, connecter, close):
    connecter("prefet@prefecture.demo")
    reponse = client.post(
        f"/demandes/{close.pk}/prendre-en-charge/", {"version": close.version}, follow=True
    )
    assert "rouvrez-la" in reponse.content.decode()
    assert _inchangee(close)


def test_l_action_groupee_ne_confie_pas_une_demande_close(client, connecter, comptes, close):
    connecter("prefet@prefecture.demo")
    reponse = client.post(
        "/tableau-de-bord/actions/",
        {"action": "prendre_en_charge", "demandes": [close.pk]},
        follow=True,
    )
    assert "rouvrez-la" in reponse.content.decode()
    assert _inchangee(close)


# The routes that reach these services check the right first; the services check it too, for
# every other caller.
def test_seule_la_collectivite_ajoute_des_documents(comptes, en_instruction_delle, pdf):
    for email in ["agent@ddt.demo", "maire@belfort.demo"]:
        with pytest.raises(PermissionDenied, match="Seule la collectivité ajoute des documents"):
            services.ajouter_documents(
                demande=en_instruction_delle, par=comptes[email], fichiers=[pdf()]
            )
    assert en_instruction_delle.pieces.count() == 1


def test_seule_la_collectivite_cree_et_modifie_ses_brouillons(comptes, delle, brouillon_delle):
    with pytest.raises(PermissionDenied, match="Seuls ses membres déposent"):
        services.creer_brouillon(
            collectivite=delle, par=comptes["maire@belfort.demo"], donnees={"titre": "Intrus"}
        )
    with pytest.raises(PermissionDenied, match="Seule sa collectivité modifie ce brouillon"):
        services.modifier_brouillon(
            demande=brouillon_delle,
            par=comptes["maire@belfort.demo"],
            version=None,
            donnees={"titre": "Intrus"},
        )
    assert [d.titre for d in Demande.objects.all()] == ["Rénovation de la salle des fêtes"]
