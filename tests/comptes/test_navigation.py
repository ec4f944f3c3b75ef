import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_du_module, comptes):
    """The demo, loaded once for the module: its tests only read it."""
    return comptes


def liens_du_menu(page):
    debut = page.index('id="fr-navigation"')
    return page[debut : page.index("</nav>", debut)]


def test_l_administrateur_voit_l_administration_dans_le_menu(client, connecter, comptes):
    connecter("admin@guichet.demo")
    menu = liens_du_menu(client.get("/").content.decode())
    assert f'href="{reverse("admin:index")}"' in menu
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "email",
    ["maire@delle.demo", "prefet@prefecture.demo", "contact@cerema.demo", "membre@comite.demo"],
)
def test_les_autres_roles_ne_voient_pas_l_administration(client, connecter, comptes, email):
    connecter(email)
    page = client.get("/").content.decode()
    assert reverse("admin:index") not in liens_du_menu(page)
    assert client.get("/admin/").status_code == 302


def test_un_visiteur_anonyme_n_a_pas_de_menu_mais_un_bouton_de_connexion(client, db):
    page = client.get("/").content.decode()
    assert 'id="fr-navigation"' not in page
    assert 'href="/comptes/connexion/"' in page


def test_la_page_courante_est_signalee_dans_le_menu(client, connecter, comptes):
    connecter("agent@ddt.demo")
    menu = liens_du_menu(client.get("/").content.decode())
    assert 'href="/" aria-current="page"' in menu


def fil_d_ariane(page):
    debut = page.index('class="fr-breadcrumb"')
    return page[debut : page.index("</nav>", debut)]


def une_demande_visible(email):
    from demandes.models import Demande, Statut
    from guichet.comptes.models import User

    user = User.objects.get(email=email)
    return Demande.objects.visibles_par(user).exclude(statut=Statut.BROUILLON).first()


@pytest.mark.parametrize(
    ("email", "libelle", "url"),
    [
        ("agent@ddt.demo", "Tableau de bord", "/tableau-de-bord/"),
        ("admin@guichet.demo", "Tableau de bord", "/tableau-de-bord/"),
        ("maire@delle.demo", "Mes demandes", "/demandes/"),
        ("contact@ademe.demo", "Demandes orientées", "/operateurs/demandes/"),
        ("membre@comite.demo", "Comité", "/comite/seances/"),
    ],
)
def test_la_page_d_une_demande_mene_a_la_liste_d_ou_chacun_vient(
    client, connecter, demo, email, libelle, url
):
    demande = une_demande_visible(email)
    connecter(email)
    page = client.get(f"/demandes/{demande.pk}/").content.decode()
    assert f'<a class="fr-breadcrumb__link" href="{url}">{libelle}</a>' in fil_d_ariane(page)
    assert "Mes demandes" not in fil_d_ariane(page) or url == "/demandes/"
    # The menu says which section the page belongs to (the DSFR's aria-current="true").
    menu = liens_du_menu(page)
    assert f'href="{url}" aria-current="true">{libelle}</a>' in menu
    assert menu.count("aria-current") == 1
    assert client.get(url).status_code == 200, "le lien du fil d'Ariane mène à une page permise"


def test_la_liste_elle_meme_est_la_page_courante(client, connecter, comptes):
    connecter("maire@delle.demo")
    menu = liens_du_menu(client.get("/demandes/").content.decode())
    assert 'href="/demandes/" aria-current="page">Mes demandes</a>' in menu
    menu = liens_du_menu(client.get("/demandes/nouvelle/").content.decode())
    assert 'href="/demandes/nouvelle/" aria-current="page">Nouvelle demande</a>' in menu
    assert menu.count("aria-current") == 1


def test_le_superutilisateur_voit_le_tableau_de_bord_et_le_comite_dans_le_menu(
    client, connecter, demo
):
    connecter("admin@guichet.demo")
    menu = liens_du_menu(client.get("/").content.decode())
    assert 'href="/tableau-de-bord/"' in menu
    assert 'href="/comite/seances/"' in menu
    assert client.get("/tableau-de-bord/").status_code == 200


@pytest.mark.parametrize("email", ["maire@delle.demo", "contact@cerema.demo", "membre@comite.demo"])
def test_le_tableau_de_bord_n_est_montre_qu_a_qui_peut_l_ouvrir(client, connecter, comptes, email):
    connecter(email)
    assert 'href="/tableau-de-bord/"' not in liens_du_menu(client.get("/").content.decode())
    assert client.get("/tableau-de-bord/").status_code == 403
