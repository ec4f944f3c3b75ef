"""The emails name the département they speak for (issue #23): a demande of the Doubs is the
« Guichet unique — Doubs », signed by the guichet « du Doubs », never the Territoire de
Belfort; the account emails name the département of the person or of the invitation, and
nothing when there is none to name."""

import re

import pytest
from django.core import mail

from guichet.notifications import services, tasks
from guichet.territoire.models import Thematique
from tests.demandes.conftest import donnees_completes

pytestmark = pytest.mark.django_db


def formulaire():
    themes = list(Thematique.objects.filter(slug="eau-potable").values_list("pk", flat=True))
    return {**donnees_completes(), "thematiques": themes, "deposer": "1"}


def html(courriel):
    return courriel.alternatives[0][0]


def deposer(client, connecter, email, capture):
    connecter(email)
    with capture(execute=True):
        assert client.post("/demandes/nouvelle/", formulaire()).status_code == 302
    client.logout()


def test_le_depot_d_une_demande_du_doubs_est_signe_du_doubs(
    client, connecter, comptes, prefecture_doubs, maire_besancon, django_capture_on_commit_callbacks
):
    deposer(client, connecter, maire_besancon.email, django_capture_on_commit_callbacks)

    par_destinataire = {m.to[0]: m for m in mail.outbox}
    assert set(par_destinataire) == {maire_besancon.email, prefecture_doubs.email}
    for courriel in par_destinataire.values():
        assert "— Le guichet unique du Doubs" in courriel.body
        assert "Guichet unique — Doubs</p>" in html(courriel)
        assert "Belfort" not in courriel.body + html(courriel)


def test_le_depot_d_une_demande_du_90_reste_signe_du_territoire_de_belfort(
    client, connecter, comptes, django_capture_on_commit_callbacks
):
    deposer(client, connecter, "maire@delle.demo", django_capture_on_commit_callbacks)
    courriel = next(m for m in mail.outbox if m.to == ["prefet@prefecture.demo"])
    assert "— Le guichet unique du Territoire de Belfort" in courriel.body
    assert "Guichet unique — Territoire de Belfort</p>" in html(courriel)


def test_le_recapitulatif_de_l_agent_du_doubs_est_signe_du_doubs(
    client, connecter, comptes, prefecture_doubs, maire_besancon, django_capture_on_commit_callbacks
):
    services.choisir_frequence(user=prefecture_doubs, frequence="quotidienne")
    deposer(client, connecter, maire_besancon.email, django_capture_on_commit_callbacks)

    assert tasks.envoyer_recapitulatifs("quotidienne") == 1
    recapitulatif = mail.outbox[-1]
    assert recapitulatif.to == [prefecture_doubs.email]
    assert "— Le guichet unique du Doubs" in recapitulatif.body
    assert "Guichet unique — Doubs</p>" in html(recapitulatif)
    assert "Belfort" not in recapitulatif.body + html(recapitulatif)


def _reinitialiser(client, email, capture):
    with capture(execute=True):
        assert client.post("/comptes/mot-de-passe/oublie/", {"email": email}).status_code == 302
    return mail.outbox[-1]


def test_le_mot_de_passe_oublie_nomme_le_departement_de_la_personne_ou_aucun(
    client, comptes, prefecture_doubs, django_capture_on_commit_callbacks
):
    du_doubs = _reinitialiser(client, prefecture_doubs.email, django_capture_on_commit_callbacks)
    assert "sur le guichet unique du Doubs." in du_doubs.body
    assert "— Le guichet unique, préfecture du Doubs" in du_doubs.body
    assert "préfecture du Doubs" in html(du_doubs)

    # An operator's national account belongs to no département: a neutral wording.
    operateur = _reinitialiser(client, "contact@cerema.demo", django_capture_on_commit_callbacks)
    assert "sur le guichet unique des comités locaux de cohésion des territoires." in (
        operateur.body
    )
    assert "— Le guichet unique, services de l'État" in operateur.body
    assert "Belfort" not in operateur.body + html(operateur)


def test_l_invitation_d_un_agent_du_doubs_nomme_la_prefecture_du_doubs(
    client, connecter, comptes, prefecture_doubs, django_capture_on_commit_callbacks
):
    connecter(prefecture_doubs.email)
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            "/tableau-de-bord/membres/", {"email": "collegue@doubs.essai", "fonction": "Adjoint"}
        )
    assert reponse.status_code == 302
    (courriel,) = mail.outbox
    assert courriel.to == ["collegue@doubs.essai"]
    assert re.search(
        r"rejoindre la préfecture du Doubs\s+sur le guichet unique du Doubs", courriel.body
    )
    assert "— Le guichet unique, préfecture du Doubs" in courriel.body
    assert "Belfort" not in courriel.body + html(courriel)
