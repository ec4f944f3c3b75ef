"""A server error (500): the administrators get it by email, and the page tells the truth."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.outils.urls_panne")]

EQUIPE = [("Équipe technique", "technique@guichet.demo"), ("Astreinte", "astreinte@guichet.demo")]


@pytest.fixture
def client(client):
    client.raise_request_exception = False  # the page a person would get, not the exception
    return client


def test_une_erreur_est_envoyee_aux_administrateurs(client, settings, mailoutbox):
    settings.DEBUG = False
    settings.ADMINS = EQUIPE

    reponse = client.get("/panne/")

    assert reponse.status_code == 500
    assert "L'équipe technique en est informée" in reponse.content.decode()
    (courriel,) = mailoutbox
    assert courriel.to == ["technique@guichet.demo", "astreinte@guichet.demo"]
    assert courriel.from_email == settings.SERVER_EMAIL
    assert courriel.subject.startswith("[Guichet unique] ERROR")
    assert "/panne/" in courriel.subject
    assert "panne simulée par les tests" in courriel.body


def test_sans_administrateurs_la_page_ne_pretend_pas_que_l_equipe_est_informee(
    client, settings, mailoutbox
):
    settings.DEBUG = False
    settings.ADMINS = []

    reponse = client.get("/panne/")

    assert reponse.status_code == 500
    page = reponse.content.decode()
    assert "informée" not in page
    assert "signalez-la à votre interlocuteur à la préfecture" in page
    assert mailoutbox == []


def test_un_hote_inconnu_n_envoie_pas_de_courriel(client, settings, mailoutbox):
    # Scanners send unknown Host headers all day: a 400, not an email to the team.
    settings.DEBUG = False
    settings.ADMINS = EQUIPE

    assert client.get("/", HTTP_HOST="inconnu.exemple.org").status_code == 400
    assert mailoutbox == []


def test_sans_base_de_donnees_la_page_ne_nomme_aucun_prefet(client, settings):
    # One instance serves every département (issue #23): the page, rendered without the
    # database that would say whose préfet the person works for, lets the République sign.
    settings.DEBUG = False

    page = client.get("/panne/").content.decode()

    assert '<p class="fr-logo">République<br>française</p>' in page
    assert "Belfort" not in page and "Préfet" not in page
    assert "Comités locaux de cohésion des territoires" in page
