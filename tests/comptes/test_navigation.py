import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def liens_du_menu(page):
    debut = page.index('id="fr-navigation"')
    return page[debut : page.index("</nav>", debut)]


def test_l_administrateur_voit_l_administration_dans_le_menu(client, connecter, demo):
    connecter("admin@guichet.demo")
    menu = liens_du_menu(client.get("/").content.decode())
    assert f'href="{reverse("admin:index")}"' in menu
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "email",
    ["maire@delle.demo", "prefet@prefecture.demo", "contact@cerema.demo", "membre@comite.demo"],
)
def test_les_autres_roles_ne_voient_pas_l_administration(client, connecter, demo, email):
    connecter(email)
    page = client.get("/").content.decode()
    assert reverse("admin:index") not in liens_du_menu(page)
    assert client.get("/admin/").status_code == 302


def test_un_visiteur_anonyme_n_a_pas_de_menu_mais_un_bouton_de_connexion(client, db):
    page = client.get("/").content.decode()
    assert 'id="fr-navigation"' not in page
    assert 'href="/comptes/connexion/"' in page


def test_la_page_courante_est_signalee_dans_le_menu(client, connecter, demo):
    connecter("agent@ddt.demo")
    menu = liens_du_menu(client.get("/").content.decode())
    assert 'href="/" aria-current="page"' in menu
