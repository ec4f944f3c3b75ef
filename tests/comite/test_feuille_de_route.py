import pytest

from comite.models import Comite, Priorite
from guichet.territoire.models import Collectivite, Thematique
from tests.demandes.conftest import creer

pytestmark = pytest.mark.django_db


@pytest.fixture
def comite():
    return Comite.objects.get()


def test_la_collectivite_n_a_pas_acces_a_la_feuille_de_route(client, connecter, comptes):
    connecter("maire@delle.demo")
    assert client.get("/comite/feuille-de-route/").status_code == 403


def test_adopter_une_priorite_et_voir_le_badge_sur_le_tableau_de_bord(
    client, connecter, comptes, comite
):
    eau = creer(comptes, titre="Eau à Delle", themes=("eau-potable",))
    autre = creer(comptes, "90010", titre="Eau à Belfort", themes=("eau-potable",))
    connecter("prefet@prefecture.demo")
    sud = Collectivite.objects.get(nom="CC du Sud Territoire")
    reponse = client.post(
        "/comite/feuille-de-route/",
        {"thematique": Thematique.objects.get(slug="eau-potable").pk, "territoire": sud.pk},
        follow=True,
    )
    assert "Priorité ajoutée à la feuille de route." in reponse.content.decode()
    assert Priorite.objects.get().territoire == sud
    doublon = client.post(
        "/comite/feuille-de-route/",
        {"thematique": Thematique.objects.get(slug="eau-potable").pk, "territoire": sud.pk},
    )
    assert "Cette priorité figure déjà dans la feuille de route." in doublon.content.decode()
    page = client.get("/tableau-de-bord/")
    prioritaires = {d.reference: d.prioritaire for d in page.context["page"].object_list}
    assert prioritaires == {eau.reference: True, autre.reference: False}
    assert "Priorité de la feuille de route" in page.content.decode()


def test_une_priorite_sur_tout_le_departement(client, connecter, comptes, comite):
    demande = creer(comptes, "90010", titre="Habitat à Belfort", themes=("habitat",))
    Priorite.objects.create(comite=comite, thematique=Thematique.objects.get(slug="habitat"))
    connecter("agent@ddt.demo")
    page = client.get("/tableau-de-bord/")
    assert {d.reference: d.prioritaire for d in page.context["page"].object_list} == {
        demande.reference: True
    }


def test_le_tableau_des_besoins(client, connecter, comptes, comite):
    creer(comptes, titre="A", themes=("eau-potable", "habitat"))
    creer(comptes, "90010", titre="B", themes=("habitat",))
    connecter("agent@ddt.demo")
    page = client.get("/comite/feuille-de-route/")
    epcis, lignes = page.context["epcis"], page.context["lignes"]
    assert epcis == ["CA Grand Belfort", "CC du Sud Territoire"]
    assert lignes[0] == ("Habitat", [1, 1], 2)
    assert ("Eau potable", [0, 1], 1) in lignes


def test_un_membre_du_comite_lit_mais_ne_modifie_pas(client, connecter, comptes, comite):
    from comite.models import Qualite
    from comite.services import ajouter_membre

    ajouter_membre(comite=comite, user=comptes["membre@comite.demo"], qualite=Qualite.AUTRE)
    priorite = Priorite.objects.create(
        comite=comite, thematique=Thematique.objects.get(slug="habitat")
    )
    connecter("membre@comite.demo")
    page = client.get("/comite/feuille-de-route/").content.decode()
    assert "Habitat" in page and "Ajouter une priorité" not in page
    assert client.post("/comite/feuille-de-route/", {"thematique": 1}).status_code == 403
    assert client.post(f"/comite/feuille-de-route/{priorite.pk}/retirer/").status_code == 403


def test_une_priorite_sur_tout_le_departement_ne_s_ajoute_pas_deux_fois(
    client, connecter, comptes, comite
):
    habitat = Thematique.objects.get(slug="habitat")
    connecter("prefet@prefecture.demo")
    client.post("/comite/feuille-de-route/", {"thematique": habitat.pk, "territoire": ""})
    doublon = client.post("/comite/feuille-de-route/", {"thematique": habitat.pk, "territoire": ""})
    assert doublon.status_code == 400
    assert "Cette priorité figure déjà dans la feuille de route." in doublon.content.decode()
    assert Priorite.objects.filter(thematique=habitat, territoire=None).count() == 1


def test_l_administration_refuse_un_doublon_en_francais(client, connecter, comptes, comite):
    habitat = Thematique.objects.get(slug="habitat")
    Priorite.objects.create(comite=comite, thematique=habitat)
    connecter("admin@guichet.demo")
    reponse = client.post(
        "/admin/comite/priorite/add/",
        {"comite": comite.pk, "thematique": habitat.pk, "territoire": "", "commentaire": ""},
    )
    assert reponse.status_code == 200  # the form again, with its error
    assert "Cette priorité figure déjà dans la feuille de route." in reponse.content.decode()
    assert Priorite.objects.filter(thematique=habitat).count() == 1
