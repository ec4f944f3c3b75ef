"""Who may reach what in the API: every route of /api/v1/, for each organisation's token, from
one table read against the URLconf (a new route without a row fails). The same world as the
browser's matrix (tests/securite): D, Delle's demande routed to the Cerema, on the published
agenda of séance S. No token reads what its organisation would not read in the browser."""

import pytest
from django.db import transaction
from django.urls import get_resolver

from tests.securite.test_matrice_autorisations import MATRICE as MATRICE_NAVIGATEUR

pytestmark = pytest.mark.django_db

JETONS = ["cerema", "cerema_lecture", "ademe", "prefecture", "ddt"]


def tous(code):
    return dict.fromkeys(JETONS, code)


def voit_d(code):
    """D is the Cerema's (routed to it) and the State's; the Ademe does not know it exists."""
    return {**tous(code), "ademe": 404}


def reponse_du_cerema(code):
    """Only the Cerema answers its routing; a read-only token may not; others do not find it."""
    return {**tous(404), "cerema": code, "cerema_lecture": 403}


MATRICE = {
    "api:schema": ("get", "/api/v1/schema/", tous(200)),
    "api:documentation": ("get", "/api/v1/", tous(200)),
    "api:demandes": ("get", "/api/v1/demandes/", tous(200)),
    "api:demande": ("get", "/api/v1/demandes/{d}/", voit_d(200)),
    "api:evenements": ("get", "/api/v1/demandes/{d}/evenements/", voit_d(200)),
    # The operator's inbox: the State's is empty, it reads the routings on the demande.
    "api:orientations": ("get", "/api/v1/orientations/", tous(200)),
    "api:orientation": (
        "get",
        "/api/v1/orientations/{orientation}/",
        {**tous(404), "cerema": 200, "cerema_lecture": 200},
    ),
    # An empty body: the Cerema's token may act, so its answer is the form refused (400).
    "api:accepter": (
        "post",
        "/api/v1/orientations/{orientation}/accepter/",
        reponse_du_cerema(400),
    ),
    "api:decliner": (
        "post",
        "/api/v1/orientations/{orientation}/decliner/",
        reponse_du_cerema(400),
    ),
    "api:avis": ("post", "/api/v1/orientations/{orientation}/avis/", reponse_du_cerema(400)),
    "api:seances": ("get", "/api/v1/seances/", tous(200)),
    # S is the State's and the comité's: no operator sits there.
    "api:seance": (
        "get",
        "/api/v1/seances/{s}/",
        {**tous(404), "prefecture": 200, "ddt": 200},
    ),
    "api:collectivites": ("get", "/api/v1/collectivites/", tous(200)),
    "api:thematiques": ("get", "/api/v1/thematiques/", tous(200)),
    "api:operateurs": ("get", "/api/v1/operateurs/", tous(200)),
}


def test_chaque_route_de_l_api_est_dans_la_matrice():
    (api,) = [m for m in get_resolver().url_patterns if str(m.pattern) == "api/v1/"]
    routes = {f"api:{motif.name}" for motif in api.url_patterns}
    assert routes == set(MATRICE)
    assert {r for r in MATRICE_NAVIGATEUR if r.startswith("api:")} == routes


@pytest.mark.parametrize("route", sorted(MATRICE))
def test_matrice_des_jetons(api, monde, route):
    methode, modele, attendus = MATRICE[route]
    url = modele.format(**monde)
    clients = {
        nom: api(
            nom.removesuffix("_lecture"), "lecture" if nom.endswith("_lecture") else "ecriture"
        )
        for nom in JETONS
    }
    obtenus = {}
    for nom, client in clients.items():
        point_de_retour = transaction.savepoint()
        obtenus[nom] = getattr(client, methode)(url, {}, format="json").status_code
        transaction.savepoint_rollback(point_de_retour)
    differences = {j: (obtenus[j], attendus[j]) for j in JETONS if obtenus[j] != attendus[j]}
    assert not differences, f"{route} — jeton : (obtenu, attendu) : {differences}"
