"""Operators are named with their article: « l'Ademe », « du Cerema », « à la Banque des
Territoires », in pages, emails, notifications and the history."""

import pytest
from django.core import mail

from guichet.notifications.models import Notification
from guichet.territoire.models import Article, Operateur
from tests.demandes.conftest import lignes_de_l_historique

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("slug", "avec", "de", "a"),
    [
        ("ademe", "l'Ademe", "de l'Ademe", "à l'Ademe"),
        ("anah", "l'Anah", "de l'Anah", "à l'Anah"),
        ("anru", "l'ANRU", "de l'ANRU", "à l'ANRU"),
        (
            "banque-des-territoires",
            "la Banque des Territoires",
            "de la Banque des Territoires",
            "à la Banque des Territoires",
        ),
        ("cerema", "le Cerema", "du Cerema", "au Cerema"),
    ],
)
def test_les_cinq_operateurs_du_referentiel_ont_leur_article(slug, avec, de, a):
    # Loaded by the migrations, as on a fresh database.
    operateur = Operateur.objects.get(slug=slug)
    assert (operateur.avec_article, operateur.de_article, operateur.a_article) == (avec, de, a)


@pytest.mark.parametrize(
    ("article", "sigle", "formes"),
    [
        (
            Article.LES,
            "Agences d'urbanisme",
            ("les Agences d'urbanisme", "des Agences d'urbanisme", "aux Agences d'urbanisme"),
        ),
        (
            Article.AUCUN,
            "Territoire d'énergie 90",
            ("Territoire d'énergie 90", "de Territoire d'énergie 90", "à Territoire d'énergie 90"),
        ),
        (Article.AUCUN, "Atmo", ("Atmo", "d'Atmo", "à Atmo")),
    ],
)
def test_un_operateur_au_pluriel_ou_sans_article(article, sigle, formes):
    operateur = Operateur(sigle=sigle, article=article)
    assert (operateur.avec_article, operateur.de_article, operateur.a_article) == formes


def test_la_fiche_dit_comment_solliciter_l_operateur(client, connecter, comptes):
    connecter("maire@delle.demo")
    assert "Pour solliciter la Banque des Territoires, déposez" in (
        client.get("/operateurs/banque-des-territoires/").content.decode()
    )
    assert "Pour solliciter l&#x27;Ademe, déposez" in (
        client.get("/operateurs/ademe/").content.decode()
    )


def test_orienter_puis_repondre_nomme_chaque_operateur_avec_son_article(
    client, connecter, comptes, en_instruction_delle, django_capture_on_commit_callbacks
):
    demande = en_instruction_delle
    ademe, cerema = Operateur.objects.get(slug="ademe"), Operateur.objects.get(slug="cerema")
    connecter("agent@ddt.demo")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/demandes/{demande.pk}/orienter/",
            {"version": demande.version, "operateurs": [ademe.pk, cerema.pk]},
        )
    sujets = {courriel.subject for courriel in mail.outbox}
    assert (
        f"[Guichet unique] {demande.reference} — Nouvelle demande orientée vers l'Ademe" in sujets
    )
    assert (
        f"[Guichet unique] {demande.reference} — Nouvelle demande orientée vers le Cerema" in sujets
    )
    transmise = Notification.objects.get(
        evenement="orientee", destinataire=comptes["maire@delle.demo"]
    )
    assert transmise.corps == (
        f"Votre demande « {demande.titre} » est transmise à l'Ademe et au Cerema."
    )
    client.post("/comptes/deconnexion/")

    connecter("contact@ademe.demo")
    assert "Réponse de l&#x27;Ademe" in client.get(f"/demandes/{demande.pk}/").content.decode()
    orientation_ademe = demande.orientations.get(operateur=ademe)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/operateurs/orientations/{orientation_ademe.pk}/accepter/", {})
        client.post(
            f"/operateurs/orientations/{orientation_ademe.pk}/avis/",
            {
                "avis": "Projet solide.",
                "type_offre": "ingenierie",
                "jours": 1,
                "description": "Un jour de cadrage",
            },
        )
    client.post("/comptes/deconnexion/")
    connecter("contact@cerema.demo")
    orientation_cerema = demande.orientations.get(operateur=cerema)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/operateurs/orientations/{orientation_cerema.pk}/decliner/", {"motif": "Hors champ"}
        )
    client.post("/comptes/deconnexion/")

    sujets = {courriel.subject for courriel in mail.outbox}
    for sujet in [
        "L'Ademe accepte la demande",
        "Avis de l'Ademe",
        "Le Cerema décline la demande",
        "L'Ademe vous propose un appui",
    ]:
        assert f"[Guichet unique] {demande.reference} — {sujet}" in sujets, sujet
    corps = "\n".join(courriel.body for courriel in mail.outbox)
    assert f"L'Ademe accepte d'accompagner « {demande.titre} »." in corps

    connecter("agent@ddt.demo")
    page = client.get(f"/demandes/{demande.pk}/").content.decode()
    # The timeline says what happened, then who did it, the operator in brackets.
    lignes = lignes_de_l_historique(page)
    assert any("Accompagnement accepté par Sophie Lambert (Ademe)" in ligne for ligne in lignes)
    assert any("Avis et offre donnés par Sophie Lambert (Ademe)" in ligne for ligne in lignes)
    assert any("Demande déclinée par Lucie Girard (Cerema)" in ligne for ligne in lignes)
    assert "1 jour)" in page and "1 jours" not in page


def test_l_administrateur_choisit_l_article_d_un_nouvel_operateur(client, connecter, comptes):
    connecter("admin@guichet.demo")
    formulaire = client.get("/admin/territoire/operateur/add/").content.decode()
    assert 'name="article"' in formulaire
    reponse = client.post(
        "/admin/territoire/operateur/add/",
        {
            "nom": "Agence d'urbanisme du Territoire de Belfort",
            "sigle": "AUTB",
            "article": "l'",
            "slug": "autb",
            "type": "ingenierie_locale",
            "actif": "on",
        },
    )
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    autb = Operateur.objects.get(slug="autb")
    assert (autb.avec_article, autb.de_article, autb.a_article) == (
        "l'AUTB",
        "de l'AUTB",
        "à l'AUTB",
    )
