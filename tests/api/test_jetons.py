"""Tokens in the portal: created by a member of an operator or a State service, shown once,
stored as a digest, revoked."""

import hashlib
import re

import pytest

from api.models import JetonApi

pytestmark = pytest.mark.django_db


def test_un_membre_de_l_operateur_cree_un_jeton_montre_une_seule_fois(client, connecter, comptes):
    connecter("contact@cerema.demo")
    reponse = client.post("/api/jetons/", {"nom": "Synchro CRM", "portee": "ecriture"})
    assert reponse.status_code == 200
    page = reponse.content.decode()
    texte = re.search(r'<code id="jeton-cree">(gu_[^<]+)</code>', page).group(1)
    jeton = JetonApi.objects.get()
    assert jeton.empreinte == hashlib.sha256(texte.encode()).hexdigest()
    assert texte not in {jeton.prefixe, jeton.empreinte, jeton.nom}
    assert jeton.operateur.slug == "cerema"
    relue = client.get("/api/jetons/").content.decode()
    assert "Synchro CRM" in relue
    assert texte not in relue


def test_le_jeton_cree_dans_le_portail_ouvre_l_api(client, connecter, comptes):
    connecter("contact@cerema.demo")
    page = client.post("/api/jetons/", {"nom": "Synchro", "portee": "lecture"}).content.decode()
    texte = re.search(r'<code id="jeton-cree">(gu_[^<]+)</code>', page).group(1)
    reponse = client.get("/api/v1/thematiques/", HTTP_AUTHORIZATION=f"Bearer {texte}")
    assert reponse.status_code == 200


def test_un_jeton_revoque_ne_donne_plus_acces(client, connecter, api, comptes):
    appel = api("cerema")
    assert appel.get("/api/v1/demandes/").status_code == 200
    connecter("contact@cerema.demo")
    jeton = JetonApi.objects.get()
    assert client.post(f"/api/jetons/{jeton.pk}/revoquer/").status_code == 302
    reponse = appel.get("/api/v1/demandes/")
    assert reponse.status_code == 401
    assert reponse["Content-Type"] == "application/problem+json"
    assert reponse.json()["detail"] == "Jeton inconnu ou révoqué."


def test_un_autre_operateur_ne_revoque_pas_le_jeton(client, connecter, api, comptes):
    api("cerema")
    connecter("contact@ademe.demo")
    jeton = JetonApi.objects.get()
    assert client.post(f"/api/jetons/{jeton.pk}/revoquer/").status_code == 404
    assert client.get("/api/jetons/").content.decode().count("Jeton cerema") == 0
    jeton.refresh_from_db()
    assert jeton.actif


def test_une_collectivite_n_a_pas_de_jeton(client, connecter, comptes):
    connecter("maire@delle.demo")
    assert client.get("/api/jetons/").status_code == 403
    assert client.post("/api/jetons/", {"nom": "x", "portee": "lecture"}).status_code == 403
    assert not JetonApi.objects.exists()


def test_un_jeton_sans_nom_est_refuse_pres_du_champ(client, connecter, comptes):
    connecter("agent@ddt.demo")
    reponse = client.post("/api/jetons/", {"nom": "", "portee": "lecture"})
    assert reponse.status_code == 400
    assert "Donnez un nom au jeton." in reponse.content.decode()
    assert not JetonApi.objects.exists()


def test_une_organisation_sans_jeton_recoit_un_probleme_401(client, comptes):
    reponse = client.get("/api/v1/demandes/")
    assert reponse.status_code == 401
    assert reponse["Content-Type"] == "application/problem+json"
    assert reponse.json()["title"] == "Authentification requise"
    reponse = client.get("/api/v1/demandes/", HTTP_AUTHORIZATION="Bearer gu_faux")
    assert reponse.status_code == 401


def test_une_session_du_navigateur_n_ouvre_pas_l_api(client, connecter, comptes):
    connecter("prefet@prefecture.demo")
    assert client.get("/api/v1/demandes/").status_code == 401
