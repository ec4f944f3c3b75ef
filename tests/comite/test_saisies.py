"""What a hand-made request sends to the séance pages: refused in French, never a 500."""

import html

import pytest
from django.utils import timezone

from comite import services
from comite.models import Seance

pytestmark = pytest.mark.django_db

ACTIONS = {
    "publier": "publier/",
    "clore": "clore/",
    "publier_releve": "publier-releve/",
    "deplacer": "points/{point}/deplacer/",
}


@pytest.fixture
def seance_avec_points(seance, comptes):
    prefet = comptes["prefet@prefecture.demo"]
    point = services.ajouter_sujet(seance=seance, par=prefet, version=None, sujet="Premier")
    services.ajouter_sujet(seance=seance, par=prefet, version=None, sujet="Second")
    seance.refresh_from_db()
    return seance, point


def etat(seance):
    seance = Seance.objects.get(pk=seance.pk)
    return seance.version, seance.statut, list(seance.points.values_list("sujet", flat=True))


@pytest.mark.parametrize("version", ["abc", "1.5", "²", "1e3", "-1", "0", "\x00", "x" * 5000])
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_une_version_invalide_est_refusee_en_francais(
    client, connecter, seance_avec_points, action, version
):
    seance, point = seance_avec_points
    avant = etat(seance)
    connecter("prefet@prefecture.demo")
    url = f"/comite/seances/{seance.pk}/" + ACTIONS[action].format(point=point.pk)
    reponse = client.post(url, {"version": version, "sens": "descendre"}, follow=True)
    assert reponse.status_code == 200
    page = html.unescape(reponse.content.decode())
    assert "La page de la séance n'était plus à jour : rechargez-la, puis recommencez." in page
    assert etat(seance) == avant


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_sans_version_l_action_s_applique_a_la_seance_telle_qu_elle_est(
    client, connecter, seance_avec_points, action
):
    seance, point = seance_avec_points
    connecter("prefet@prefecture.demo")
    url = f"/comite/seances/{seance.pk}/" + ACTIONS[action].format(point=point.pk)
    reponse = client.post(url, {"version": "", "sens": "descendre"}, follow=True)
    assert reponse.status_code == 200
    page = html.unescape(reponse.content.decode())
    # Publishing and moving apply; closing and publishing the record wait for their turn.
    attendu = {
        "publier": "Ordre du jour publié",
        "clore": "Seule une séance dont l'ordre du jour est publié se clôt.",
        "publier_releve": "Clôturez la séance avant de publier son relevé de décisions.",
        "deplacer": "Ordre du jour réordonné.",
    }[action]
    assert attendu in page


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("9999-12-31T23:59", "Choisissez une date dans les cinq ans qui viennent."),
        ("2100-01-01T09:00", "Choisissez une date dans les cinq ans qui viennent."),
        ("0001-01-01T00:00", "Choisissez une date et une heure à venir."),
    ],
)
def test_une_seance_hors_des_dates_possibles_est_refusee(client, connecter, comite, date, message):
    connecter("prefet@prefecture.demo")
    reponse = client.post(
        "/comite/seances/nouvelle/", {"seance-date": date, "seance-lieu": "Mairie de Delle"}
    )
    assert reponse.status_code == 400
    assert message in html.unescape(reponse.content.decode())
    assert not Seance.objects.exists()


def test_deplacer_une_seance_au_dela_de_cinq_ans_est_refuse(client, connecter, seance_avec_points):
    seance, _ = seance_avec_points
    avant = etat(seance)
    connecter("prefet@prefecture.demo")
    reponse = client.post(
        f"/comite/seances/{seance.pk}/modifier/",
        {"date": "9999-12-31T23:59", "lieu": seance.lieu, "version": seance.version},
    )
    assert reponse.status_code == 400
    assert "Choisissez une date dans les cinq ans qui viennent." in html.unescape(
        reponse.content.decode()
    )
    assert etat(seance) == avant


def test_une_seance_dans_cinq_ans_se_publie_et_s_exporte_en_ics(client, connecter, comite, comptes):
    prefet = comptes["prefet@prefecture.demo"]
    connecter("prefet@prefecture.demo")
    date = timezone.localtime() + timezone.timedelta(days=5 * 365)
    reponse = client.post(
        "/comite/seances/nouvelle/",
        {"seance-date": date.strftime("%Y-%m-%dT%H:%M"), "seance-lieu": "Mairie de Delle"},
    )
    assert reponse.status_code == 302
    seance = Seance.objects.get()
    services.ajouter_sujet(seance=seance, par=prefet, version=None, sujet="Point")
    seance.refresh_from_db()
    reponse = client.post(
        f"/comite/seances/{seance.pk}/publier/", {"version": seance.version}, follow=True
    )
    assert "Ordre du jour publié" in reponse.content.decode()
    assert client.get(f"/comite/seances/{seance.pk}/invitation.ics").status_code == 200
