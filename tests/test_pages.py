import html

import pytest

pytestmark = pytest.mark.django_db


def test_l_accueil_presente_le_guichet_en_francais(client):
    reponse = client.get("/")
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert "<h1>Le guichet unique des collectivités du Territoire de Belfort</h1>" in page
    assert "Cerema" in page
    assert "Eau potable" in page
    assert 'id="footer"' in page
    assert 'href="#content"' in page


def test_l_accueil_nomme_les_operateurs_partenaires_actifs(client):
    """The operators app gives the list (``ACCUEIL_PARTENAIRES``); the ground names none."""
    from guichet.territoire.models import Operateur

    Operateur.objects.filter(slug="anru").update(actif=False)
    page = client.get("/").content.decode()
    partenaires = page.split('id="titre-partenaires"')[1].split("</section>")[0]
    for operateur in Operateur.objects.all():
        nom = f"<li>{html.escape(operateur.nom)}</li>"
        assert (nom in partenaires) is operateur.actif, operateur.nom
    assert Operateur.objects.filter(actif=True).count() >= 4


def test_les_en_tetes_de_securite(client):
    reponse = client.get("/")
    politique = reponse["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in politique
    assert "unsafe-inline" not in politique
    assert reponse["X-Frame-Options"] == "DENY"
    assert reponse["X-Content-Type-Options"] == "nosniff"
    nonce = politique.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in reponse.content.decode()


def test_une_page_inconnue_donne_un_404_en_francais(client, settings):
    settings.DEBUG = False
    reponse = client.get("/nulle-part/")
    assert reponse.status_code == 404
    assert "Page introuvable" in reponse.content.decode()


def test_les_fichiers_du_dsfr_sont_servis_localement(client):
    page = client.get("/").content.decode()
    assert "/static/dsfr/dist/dsfr/dsfr.min.css" in page
    assert "https://cdn" not in page


@pytest.mark.parametrize(
    "url",
    [
        "/demandes/99999999999999999999/",
        "/demandes/1/documents/99999999999999999999/",
        "/comite/seances/99999999999999999999/",
        "/comite/seances/99999999999999999999/dossier.pdf",
        "/tableau-de-bord/acces/99999999999999999999/refuser/",
        "/demandes/99999999999999999999/dossier-detr-dsil/",
    ],
)
def test_un_identifiant_demesure_dans_l_url_donne_404(client, connecter, url):
    from demo.chargement import charger_comptes

    charger_comptes()
    connecter("prefet@prefecture.demo")
    assert client.get(url).status_code == 404


def test_un_identifiant_demesure_dans_un_filtre_est_refuse_sans_erreur(client, connecter):
    from demo.chargement import charger_comptes

    charger_comptes()
    connecter("agent@ddt.demo")
    reponse = client.get(
        "/tableau-de-bord/?commune=99999999999999999999&thematique=-99999999999999999999"
    )
    assert reponse.status_code == 200
    assert "Certains filtres sont invalides" in reponse.content.decode()


@pytest.mark.parametrize(
    ("email", "url", "titre"),
    [
        ("prefet@prefecture.demo", "/tableau-de-bord/acces/", "<h1>Demandes d'accès</h1>"),
        (
            "agent@ddt.demo",
            "/tableau-de-bord/membres/",
            "<h1>Membres de la DDT du Territoire de Belfort</h1>",
        ),
        ("maire@delle.demo", "/collectivite/membres/", "<h1>Membres de la commune de Delle</h1>"),
        ("contact@cerema.demo", "/operateurs/membres/", "<h1>Membres du Cerema</h1>"),
        ("contact@cerema.demo", "/api/jetons/", "<h1>Jetons d'API</h1>"),
        ("agent@ddt.demo", "/api/webhooks/", "<h1>Webhooks</h1>"),
        ("maire@belfort.demo", "/donnees/", "<h1>Données ouvertes</h1>"),
        (
            "maire@delle.demo",
            "/comptes/demande-acces/",
            "<h1>Demander l'accès à une collectivité</h1>",
        ),
    ],
)
def test_les_pages_des_acces_et_des_membres_s_affichent_en_francais(
    client, connecter, email, url, titre
):
    import html

    from demo.chargement import charger_comptes

    charger_comptes()
    connecter(email)
    reponse = client.get(url)
    assert reponse.status_code == 200
    assert titre in html.unescape(reponse.content.decode())
