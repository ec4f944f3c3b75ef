"""An agent of the State in two départements chooses the comité of the séance they plan; an
agent of one département plans at their own comité, with no choice to make."""

import pytest

from comite.models import Comite, Seance
from guichet.comptes.services import rattacher
from guichet.territoire.models import Departement
from tests.factories import agent_de_l_etat

DATE = "2031-05-14T14:30"


@pytest.fixture
def agent_90_et_25(comptes, doubs):
    """A préfecture agent of the Territoire de Belfort and of the Doubs."""
    agent = agent_de_l_etat(Departement.objects.par_defaut(), email="agent@deux.essai")
    rattacher(user=agent, service="prefecture", departement=doubs, fonction="Chargé de mission")
    return agent


def _options(page):
    champ = page.context["form"].fields["comite"]
    return [libelle for _, libelle in champ.choices]


def test_l_agent_de_deux_departements_choisit_le_comite_du_doubs(
    client, connecter, agent_90_et_25, doubs
):
    connecter(agent_90_et_25.email)
    page = client.get("/comite/seances/")
    html = page.content.decode()
    assert '<select name="seance-comite"' in html and 'for="id_seance-comite"' in html
    assert _options(page) == [
        "Comité local de cohésion des territoires du Doubs",
        "Comité local de cohésion des territoires du Territoire de Belfort",
    ]
    du_doubs = Comite.objects.get(departement=doubs)

    reponse = client.post(
        "/comite/seances/nouvelle/",
        {"seance-comite": du_doubs.pk, "seance-date": DATE, "seance-lieu": "Salle du Doubs"},
    )

    assert reponse.status_code == 302
    assert Seance.objects.get(lieu="Salle du Doubs").comite == du_doubs
    reponse = client.post(
        "/comite/seances/nouvelle/",
        {
            "seance-comite": Comite.objects.get(departement__code="90").pk,
            "seance-date": DATE,
            "seance-lieu": "Salle de Belfort",
        },
    )
    assert Seance.objects.get(lieu="Salle de Belfort").comite.departement.code == "90"


def test_un_comite_qui_n_est_pas_le_sien_est_refuse_en_francais(client, connecter, agent_90_et_25):
    cote_d_or = Departement.objects.get(code="21")
    autre = Comite.objects.create(departement=cote_d_or, nom="Comité de Côte-d'Or")
    connecter(agent_90_et_25.email)
    for choix in (autre.pk, "", "abc"):
        reponse = client.post(
            "/comite/seances/nouvelle/",
            {"seance-comite": choix, "seance-date": DATE, "seance-lieu": "Ailleurs"},
        )
        assert reponse.status_code == 400, choix
        html = reponse.content.decode()
        assert (
            "Choisissez le comité d&#x27;un de vos départements." in html
            or "Choisissez le comité de la séance." in html
        ), choix
    assert not Seance.objects.filter(lieu="Ailleurs").exists()


def test_l_agent_d_un_departement_n_a_pas_de_choix_et_planifie_chez_lui(
    client, connecter, prefecture_doubs, doubs
):
    connecter(prefecture_doubs.email)
    page = client.get("/comite/seances/")
    assert "comite" not in page.context["form"].fields
    assert "Exemple : Préfecture du Doubs, salle des fêtes" in page.content.decode()
    autre = Comite.objects.get(departement__code="90")

    reponse = client.post(
        "/comite/seances/nouvelle/",
        {"seance-comite": autre.pk, "seance-date": DATE, "seance-lieu": "Besançon"},
    )

    assert reponse.status_code == 302
    assert Seance.objects.get(lieu="Besançon").comite.departement == doubs


def _chapeau(page):
    """The lead line under the séances page's title."""
    html = page.content.decode()
    debut = html.index('<p class="fr-text--lead">') + len('<p class="fr-text--lead">')
    return html[debut : html.index("</p>", debut)]


def test_la_page_des_seances_nomme_les_deux_comites_de_l_agent(client, connecter, agent_90_et_25):
    connecter(agent_90_et_25.email)

    chapeau = _chapeau(client.get("/comite/seances/"))

    assert chapeau == (
        "Comité local de cohésion des territoires du Doubs ; "
        "Comité local de cohésion des territoires du Territoire de Belfort"
    )


def test_l_agent_d_un_departement_lit_le_seul_nom_de_son_comite(
    client, connecter, prefecture_doubs
):
    connecter(prefecture_doubs.email)

    chapeau = _chapeau(client.get("/comite/seances/"))

    assert chapeau == "Comité local de cohésion des territoires du Doubs"


def test_au_dela_de_trois_comites_la_page_en_dit_le_nombre(client, connecter, comptes):
    from guichet.comptes.models import User

    for code in ("21", "25", "39", "70"):
        departement = Departement.objects.get(code=code)
        Comite.objects.create(departement=departement, nom=f"Comité {departement.code}")
    admin = User.objects.create_superuser(email="admin@essai.demo", password="x-Essai-2026!")
    client.force_login(admin)

    page = client.get("/comite/seances/")

    assert page.status_code == 200
    assert _chapeau(page) == f"Les {Comite.objects.count()} comités locaux du portail"
