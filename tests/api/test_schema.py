"""The OpenAPI schema matches the views (generated without a warning), a client built from the
schema alone makes the round trip, and the documentation page works under the CSP."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db.models import F

from demandes.models import Demande

pytestmark = pytest.mark.django_db


def test_le_schema_se_genere_sans_avertissement_et_se_valide(tmp_path):
    # --fail-on-warn: a view the generator cannot describe, or a name collision, fails.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
    assert "/api/v1/orientations/{id}/accepter/" in (tmp_path / "schema.yaml").read_text()


def test_le_schema_est_public_et_decrit_chaque_route_de_l_api(client):
    from django.urls import get_resolver

    reponse = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert reponse.status_code == 200
    chemins = set(reponse.json()["paths"])
    routes = {
        "/api/v1/" + str(motif.pattern).replace("<id:pk>", "{id}")
        for motif in get_resolver().url_patterns
        if str(motif.pattern) == "api/v1/"
        for motif in motif.url_patterns
        if motif.name not in {"schema", "documentation"}
    }
    assert routes == chemins


@pytest.mark.parametrize("version", ["\n", "\nĀ", "v2", "<script>"])
def test_la_version_demandee_dans_l_adresse_ne_change_pas_le_schema(client, version):
    reponse = client.get(
        "/api/v1/schema/", {"version": version}, HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert reponse.status_code == 200
    assert reponse.json()["info"]["version"] == "1.0.0 (v1)"
    assert reponse.headers["Content-Disposition"].endswith(' (v1).json"')


class ClientDuSchema:
    """A client that knows nothing but the schema: it finds each operation by its path and
    method, fills its path parameters, checks the body against the schema's required fields."""

    def __init__(self, http, schema):
        self.http = http
        self.schema = schema

    def _resoudre(self, ref):
        noeud = self.schema
        for partie in ref.removeprefix("#/").split("/"):
            noeud = noeud[partie]
        return noeud

    def operation(self, chemin, methode):
        return self.schema["paths"][chemin][methode]

    def appeler(self, chemin, methode, *, corps=None, **parametres):
        operation = self.operation(chemin, methode)
        attendus = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
        assert attendus == set(parametres)
        url = chemin.format(**parametres)
        if corps is not None:
            contenu = operation["requestBody"]["content"]["application/json"]["schema"]
            requis = set(self._resoudre(contenu["$ref"]).get("required", []))
            assert requis <= set(corps), f"champs requis manquants : {requis - set(corps)}"
            reponse = getattr(self.http, methode)(url, corps, format="json")
        else:
            reponse = getattr(self.http, methode)(url)
        assert str(reponse.status_code) in operation["responses"]
        return reponse


def test_un_client_construit_sur_le_schema_lit_accepte_et_relit_une_orientation(client, api, monde):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert schema["components"]["securitySchemes"]["jeton"]["scheme"] == "bearer"
    appel = ClientDuSchema(api("cerema", "ecriture"), schema)
    orientations = appel.appeler("/api/v1/orientations/", "get").json()["results"]
    (orientation,) = orientations
    assert orientation["statut"] == "proposee"
    lue = appel.appeler("/api/v1/orientations/{id}/", "get", id=orientation["id"]).json()
    acceptee = appel.appeler(
        "/api/v1/orientations/{id}/accepter/",
        "post",
        id=orientation["id"],
        corps={"version": lue["version"]},
    )
    assert acceptee.status_code == 200
    relue = appel.appeler("/api/v1/orientations/{id}/", "get", id=orientation["id"]).json()
    assert relue["statut"] == "acceptee"
    # Meanwhile the State acts on the demande (a new version): the old one is refused.
    Demande.objects.filter(pk=monde["d"]).update(version=F("version") + 1)
    perimee = appel.appeler(
        "/api/v1/orientations/{id}/decliner/",
        "post",
        id=orientation["id"],
        corps={"version": lue["version"], "motif": "Trop tard"},
    )
    assert perimee.status_code == 409


def test_la_documentation_est_servie_sans_cdn_et_sous_la_csp(client):
    reponse = client.get("/api/v1/")
    assert reponse.status_code == 200
    assert reponse["Cross-Origin-Opener-Policy"] == "same-origin"
    assert reponse["X-Frame-Options"] == "DENY"
    page = reponse.content.decode()
    csp = reponse["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    # Every script is a static file of the portal, but the start-up one, under the nonce.
    sources = re.findall(r'<script src="([^"]+)"', page)
    assert sources and all(s.startswith("/static/drf_spectacular_sidecar/") for s in sources)
    assert re.findall(r"<script(?: [^>]*)?>", page).count(f'<script nonce="{nonce}">') == 1
    assert "<style" not in page and "style=" not in page
    assert not [u for u in re.findall(r'(?:src|href)="([^"]+)"', page) if "//" in u]
    feuilles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    for fichier in [*feuilles, *sources]:
        assert finders.find(fichier.removeprefix("/static/")), fichier
