"""The pages every State site must have, linked from the footer of every page, and the icon."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_du_module, comptes):
    """The demo, loaded once for the module: its tests only read it."""
    return comptes


PAGES = {
    "/accessibilite/": "Déclaration d'accessibilité",
    "/mentions-legales/": "Mentions légales",
    "/donnees-personnelles/": "Données personnelles",
    "/plan-du-site/": "Plan du site",
    # Public too, linked from the site map (comite/secretariat): the comité's records.
    "/comite/releves/": "Relevés de décisions du comité",
}


def texte(reponse):
    """The page as a person reads it: tags removed, entities and spaces tidied."""
    page = reponse.content.decode()
    page = page[page.index("<main") : page.index("</main>")]
    page = re.sub(r"<[^>]+>", " ", page).replace("&#x27;", "'").replace("&amp;", "&")
    return re.sub(r"\s+", " ", page)


def pied_de_page(page):
    return page[page.index('<footer class="fr-footer"') :]


@pytest.mark.parametrize("adresse", ["/", "/comptes/connexion/", "/plan-du-site/"])
def test_le_pied_de_page_mene_aux_pages_obligatoires(client, adresse):
    pied = pied_de_page(client.get(adresse).content.decode())
    assert (
        '<a class="fr-footer__bottom-link" href="/accessibilite/">Accessibilité : non conforme</a>'
        in pied
    )
    for url in ("/mentions-legales/", "/donnees-personnelles/", "/plan-du-site/"):
        assert f'href="{url}"' in pied
    assert ">Cookies : aucun cookie de suivi</a>" in pied
    assert '<a class="fr-footer__bottom-link" href="/donnees/">Données ouvertes</a>' in pied


@pytest.mark.parametrize(("adresse", "titre"), PAGES.items())
def test_chaque_page_obligatoire_est_publique_et_titree(client, adresse, titre):
    reponse = client.get(adresse)
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert f"<h1>{titre}</h1>".replace("'", "&#x27;") in page
    assert f"<title>{titre}".replace("'", "&#x27;") in page
    assert 'class="fr-breadcrumb"' in page


def test_la_declaration_d_accessibilite_suit_le_modele_de_la_dinum(client, settings):
    settings.SITE_URL = "https://guichet.exemple.gouv.fr"
    page = texte(client.get("/accessibilite/"))
    assert "Le guichet unique est non conforme avec le référentiel général" in page
    assert "aucun audit de conformité" in page
    for titre in (
        "État de conformité",
        "Contenus non accessibles",
        "Non-conformités connues",
        "Établissement de cette déclaration d'accessibilité",
        "Retour d'information et contact",
        "Voies de recours",
    ):
        assert titre in page
    assert "https://guichet.exemple.gouv.fr" in page
    assert "établie le 2 décembre 2026" in page
    assert "Défenseur des droits Libre réponse 71120 75342 Paris CEDEX 07" in page
    assert "Par courriel : à compléter par l'exploitant du portail" in page


def test_les_mentions_legales_disent_ce_qui_reste_a_completer(client):
    page = texte(client.get("/mentions-legales/"))
    assert (
        "édité par les services de l'État dans les départements servis par le guichet unique"
        in page
    )
    assert "Direction de la publication à compléter par l'exploitant du portail" in page
    assert "Belfort" not in page
    assert "Hébergeur : à compléter par l'exploitant du portail (nom, adresse et téléphone)" in page


def test_les_mentions_legales_donnent_ce_que_l_exploitant_a_regle(client, settings):
    settings.EDITEUR = "la préfecture du Doubs"
    settings.EDITEUR_ADRESSE = "1 rue de l'Exemple, 90000 Belfort"
    settings.CONTACT_EMAIL = "guichet@exemple.gouv.fr"
    settings.DIRECTEUR_PUBLICATION = "Mme Claire Exemple, préfète"
    settings.HEBERGEUR_NOM = "Hébergeur Exemple"
    settings.HEBERGEUR_ADRESSE = "2 avenue de l'Exemple, 75000 Paris"
    settings.HEBERGEUR_TELEPHONE = "01 02 03 04 05"
    reponse = client.get("/mentions-legales/")
    page = texte(reponse)
    assert "édité par la préfecture du Doubs" in page
    assert "Adresse : 1 rue de l'Exemple, 90000 Belfort" in page
    assert 'href="mailto:guichet@exemple.gouv.fr"' in reponse.content.decode()
    assert "Direction de la publication Mme Claire Exemple, préfète" in page
    assert "Hébergeur Exemple Adresse : 2 avenue de l'Exemple, 75000 Paris" in page
    assert "Téléphone : 01 02 03 04 05" in page
    assert "à compléter" not in page


def test_la_page_des_donnees_personnelles_donne_les_durees_du_code(client, settings):
    settings.CONSERVATION_MOIS = 36
    settings.PREAVIS_JOURS = 15
    reponse = client.get("/donnees-personnelles/")
    page = texte(reponse)
    for titre in (
        "Responsable du traitement",
        "Finalités",
        "Base légale",
        "Données traitées",
        "Durées de conservation",
        "Destinataires",
        "Vos droits",
    ):
        assert titre in page
    assert "36 mois après la clôture ; la collectivité est prévenue 15 jours avant" in page
    assert (
        "15 minutes : elles sont effacées à la première connexion sur le guichet après ce délai"
        in page
    )
    assert "aucun cookie de suivi" in page
    assert "sessionid : garde votre connexion, 10 heures au plus" in page
    assert "csrftoken" in page and "52 semaines" in page
    assert 'href="/comptes/mes-donnees/"' in reponse.content.decode()
    assert 'id="cookies"' in reponse.content.decode()


def liens_du_plan(client):
    page = client.get("/plan-du-site/").content.decode()
    page = page[page.index("<h1>") : page.index("</main>")]
    return set(re.findall(r'<a href="([^"]*)"', page))


def test_le_plan_du_site_d_un_visiteur_ne_montre_que_les_pages_publiques(client):
    assert liens_du_plan(client) == {
        "/",
        "/comptes/connexion/",
        "/comptes/mot-de-passe/oublie/",
        "/donnees/",
        *PAGES,
    }


@pytest.mark.parametrize(
    ("email", "en_plus"),
    [
        ("maire@delle.demo", {"/demandes/", "/demandes/nouvelle/", "/collectivite/membres/"}),
        (
            "agent@ddt.demo",
            {
                "/tableau-de-bord/",
                "/comite/seances/",
                "/comite/bilan/",
                "/tableau-de-bord/acces/",
                "/tableau-de-bord/membres/",
                "/api/jetons/",
                "/api/webhooks/",
            },
        ),
        (
            "contact@cerema.demo",
            {"/operateurs/demandes/", "/operateurs/membres/", "/api/jetons/", "/api/webhooks/"},
        ),
        ("membre@comite.demo", {"/comite/seances/", "/comite/bilan/"}),
        (
            "admin@guichet.demo",
            {
                "/tableau-de-bord/",
                "/comite/seances/",
                "/comite/bilan/",
                "/admin/",
                "/tableau-de-bord/acces/",
                "/national/",
            },
        ),
        ("anct@anct.demo", {"/national/"}),
        # The demo's ProConnect newcomer, attached to nothing yet.
        ("secretaire.proconnect@delle.demo", {"/comptes/demande-acces/"}),
    ],
)
def test_le_plan_du_site_suit_le_role_de_la_personne(client, connecter, demo, email, en_plus):
    connecter(email)
    liens = liens_du_plan(client)
    assert liens == {
        "/",
        "/operateurs/",
        "/notifications/",
        "/notifications/preferences/",
        "/comptes/mes-donnees/",
        "/comptes/mot-de-passe/",
        "/donnees/",
        *PAGES,
        *en_plus,
    }
    for lien in liens:
        assert client.get(lien).status_code == 200, lien


def test_le_navigateur_trouve_l_icone_du_dsfr_a_l_adresse_habituelle(client):
    reponse = client.get("/favicon.ico")
    assert reponse.status_code == 302
    assert reponse["Location"] == "/static/dsfr/dist/favicon/favicon.ico"
    assert finders.find("dsfr/dist/favicon/favicon.ico")
    assert '<link rel="icon"' in client.get("/").content.decode()
