"""Who may reach what: every URL pattern of the project, for every role, from one table.

The URL patterns are read from the URLconf, so a new view without a row here fails the test.
Expected answers: 200 (served), 302 (to the login page for anonymous people, or back after an
action), 400 (the form was refused: the person may act), 403 (may see, may not act), 404 (may not
know it exists), 405, 429.
"""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.signals import request_finished
from django.db import close_old_connections, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

ROLES = ["anonyme", "delle", "belfort", "prefet", "ddt", "cerema", "ademe", "membre", "admin"]
EMAILS = {
    "delle": "maire@delle.demo",
    "belfort": "maire@belfort.demo",
    "prefet": "prefet@prefecture.demo",
    "ddt": "agent@ddt.demo",
    "cerema": "contact@cerema.demo",
    "ademe": "contact@ademe.demo",
    "membre": "membre@comite.demo",
    "admin": "admin@guichet.demo",
}


def tous(code):
    return dict.fromkeys(ROLES, code)


def connectes(code=200, **exceptions):
    """Anonymous people are sent to the login page; the others get ``code`` unless said."""
    return {**dict.fromkeys(ROLES, code), "anonyme": 302, **exceptions}


ETAT = {"prefet", "ddt", "admin"}
# Members of an operator or a State service: they hold API tokens and webhooks.
API = {"prefet", "ddt", "cerema", "ademe"}


def seulement(roles, code=200, autres=403, **exceptions):
    attendu = {role: (code if role in roles else autres) for role in ROLES}
    return {**attendu, "anonyme": 302, **exceptions}


# The demande D (Delle, routed to Cerema, on the published agenda) as each role may see it.
VOIT_D = {"delle", "prefet", "ddt", "cerema", "membre", "admin"}


def sur_d(code_qui_voit, **exceptions):
    attendu = {role: (code_qui_voit if role in VOIT_D else 404) for role in ROLES}
    return {**attendu, "anonyme": 302, **exceptions}


def action_etat_sur_d(code_etat):
    return sur_d(403, prefet=code_etat, ddt=code_etat, admin=code_etat)


# Séance S is published with D as a public item: Delle sees it too, Belfort and operators do not.
VOIT_S = {"delle", "prefet", "ddt", "membre", "admin"}


def sur_s(code_qui_voit, **exceptions):
    attendu = {role: (code_qui_voit if role in VOIT_S else 404) for role in ROLES}
    return {**attendu, "anonyme": 302, **exceptions}


def gestion_de_s(code_etat):
    return sur_s(403, prefet=code_etat, ddt=code_etat, admin=code_etat)


# route name → (method, URL built from the world, expected answer by role)
MATRICE = {
    "accueil": ("get", "/", tous(200)),
    "favicon": ("get", "/favicon.ico", tous(302)),
    "accessibilite": ("get", "/accessibilite/", tous(200)),
    "mentions_legales": ("get", "/mentions-legales/", tous(200)),
    "donnees_personnelles": ("get", "/donnees-personnelles/", tous(200)),
    "plan_du_site": ("get", "/plan-du-site/", tous(200)),
    "comptes:connexion": ("get", "/comptes/connexion/", connectes(302, anonyme=200)),
    "comptes:deconnexion": ("post", "/comptes/deconnexion/", tous(302)),
    # Without ProConnect configured (the suite's default), these addresses do not exist.
    "comptes:proconnect_connexion": ("get", "/comptes/proconnect/connexion/", tous(404)),
    "comptes:proconnect_retour": ("get", "/comptes/proconnect/retour/", tous(404)),
    "comptes:proconnect_deconnexion_retour": (
        "get",
        "/comptes/proconnect/deconnexion/retour/",
        tous(404),
    ),
    "comptes:reinitialisation": ("get", "/comptes/mot-de-passe/oublie/", tous(200)),
    "comptes:reinitialisation_envoyee": ("get", "/comptes/mot-de-passe/oublie/envoye/", tous(200)),
    "comptes:nouveau_mot_de_passe": ("get", "/comptes/mot-de-passe/nouveau/MQ/x-y/", tous(200)),
    "comptes:reinitialisation_terminee": (
        "get",
        "/comptes/mot-de-passe/nouveau/termine/",
        tous(200),
    ),
    "comptes:changement_mot_de_passe": ("get", "/comptes/mot-de-passe/", connectes()),
    "comptes:mot_de_passe_change": ("get", "/comptes/mot-de-passe/change/", connectes()),
    "comptes:mes_donnees": ("get", "/comptes/mes-donnees/", connectes()),
    "comptes:mes_donnees_json": ("get", "/comptes/mes-donnees.json", connectes()),
    "comptes:desactiver": ("get", "/comptes/desactiver/", connectes()),
    # The second factor of staff accounts (the admin's); the others have none to enrol.
    "comptes:double_authentification": (
        "get",
        "/comptes/double-authentification/",
        seulement({"admin"}),
    ),
    "comptes:demande_acces": ("get", "/comptes/demande-acces/", connectes()),
    # A forged token: the same clear page for everyone, nothing to tell apart.
    "comptes:invitation": ("get", "/comptes/invitations/x/", tous(404)),
    "acces:validation": ("get", "/tableau-de-bord/acces/", seulement(ETAT)),
    "acces:valider": ("post", "/tableau-de-bord/acces/{acces}/valider/", seulement(ETAT, 302)),
    "acces:refuser": ("get", "/tableau-de-bord/acces/{acces}/refuser/", seulement(ETAT)),
    "membres:collectivite": ("get", "/collectivite/membres/", seulement({"delle", "belfort"})),
    "membres:operateur": ("get", "/operateurs/membres/", seulement({"cerema", "ademe"})),
    "membres:etat": ("get", "/tableau-de-bord/membres/", seulement({"prefet", "ddt"})),
    # The invitation and the attachment are Delle's: unknown to everyone else.
    "membres:revoquer": (
        "post",
        "/comptes/membres/invitations/{invitation}/revoquer/",
        seulement({"delle"}, 302, autres=404),
    ),
    "membres:retirer": (
        "post",
        "/comptes/membres/{rattachement}/retirer/",
        seulement({"delle"}, 302, autres=404),
    ),
    "demandes:liste": ("get", "/demandes/", connectes()),
    "demandes:nouvelle": ("get", "/demandes/nouvelle/", seulement({"delle", "belfort"})),
    "demandes:nouvelle_pour_le_compte": (
        "get",
        "/demandes/nouvelle/pour-une-collectivite/",
        seulement(ETAT),
    ),
    # D was filed by Delle itself: its member is told so (302), nobody else may take it over.
    "demandes:reprendre": ("post", "/demandes/{d}/reprendre/", sur_d(403, delle=302)),
    "demandes:detail": ("get", "/demandes/{d}/", sur_d(200)),
    "demandes:modifier": ("get", "/demandes/{b}/modifier/", seulement({"delle"}, autres=404)),
    "demandes:supprimer": ("get", "/demandes/{b}/supprimer/", seulement({"delle"}, autres=404)),
    "demandes:retirer": ("get", "/demandes/{d}/retirer/", sur_d(302)),
    "demandes:completer": ("get", "/demandes/{d}/completer/", sur_d(403, delle=302)),
    # A comité member reads D, never writes in its thread.
    "demandes:ecrire": ("post", "/demandes/{d}/messages/", sur_d(400, membre=403)),
    "demandes:telecharger": ("get", "/demandes/{d}/documents/{piece}/", sur_d(200)),
    # Only the collectivité adds documents; an empty POST is its form refused.
    "demandes:ajouter_documents": ("post", "/demandes/{d}/documents/", sur_d(403, delle=400)),
    "demandes:recepisse": ("get", "/demandes/{d}/recepisse.pdf", sur_d(200)),
    "demandes:prendre_en_charge": (
        "post",
        "/demandes/{d}/prendre-en-charge/",
        action_etat_sur_d(302),
    ),
    "demandes:assigner": ("get", "/demandes/{d}/confier/", action_etat_sur_d(200)),
    "demandes:demander_complement": (
        "get",
        "/demandes/{d}/demander-complement/",
        action_etat_sur_d(200),
    ),
    "demandes:orienter": ("get", "/demandes/{d}/orienter/", action_etat_sur_d(200)),
    "demandes:classer": ("get", "/demandes/{d}/classer/", action_etat_sur_d(200)),
    "demandes:rouvrir": ("get", "/demandes/{d}/rouvrir/", action_etat_sur_d(200)),
    "demandes:suivre": ("post", "/demandes/{d}/suivre/", action_etat_sur_d(302)),
    "demandes:etiqueter": ("post", "/demandes/{d}/etiqueter/", action_etat_sur_d(302)),
    # After the decision (accompagnement/regles.py). D is routed, not supported: its plan is
    # not editable yet, so those who could edit it are sent back to the demande (302).
    "accompagnement:cloturer": ("get", "/demandes/{d}/cloturer/", action_etat_sur_d(200)),
    "accompagnement:ajouter_action": (
        "get",
        "/demandes/{d}/plan-d-action/",
        sur_d(302, membre=403),
    ),
    "accompagnement:modifier_action": (
        "get",
        "/demandes/{d}/plan-d-action/{action}/",
        sur_d(302, cerema=403, membre=403),
    ),
    # The collectivité only; with nothing to answer yet, it is sent back to the demande.
    "accompagnement:point_d_etape": ("get", "/demandes/{d}/point-d-etape/", sur_d(403, delle=302)),
    "accompagnement:satisfaction": ("get", "/demandes/{d}/satisfaction/", sur_d(403, delle=302)),
    "accompagnement:bilan": ("get", "/comite/bilan/{annee}/", seulement(ETAT | {"membre"})),
    "accompagnement:bilan_de_l_annee": ("get", "/comite/bilan/", seulement(ETAT | {"membre"})),
    "accompagnement:bilan_pdf": (
        "get",
        "/comite/bilan/{annee}/bilan.pdf",
        seulement(ETAT | {"membre"}),
    ),
    # D is routed, not supported: the State's agent is sent back to it with the refusal.
    "demarches:preparer_dossier": (
        "post",
        "/demandes/{d}/dossier-detr-dsil/",
        action_etat_sur_d(302),
    ),
    # Open data: public, the same for everyone.
    "donnees:index": ("get", "/donnees/", tous(200)),
    # The ANCT's national figures: its agents (tests/national) and the superuser only.
    "national:index": ("get", "/national/", seulement({"admin"})),
    "donnees:projets_csv": ("get", "/donnees/projets.csv", tous(200)),
    "donnees:projets_json": ("get", "/donnees/projets.json", tous(200)),
    "donnees:statistiques_csv": ("get", "/donnees/statistiques.csv", tous(200)),
    "donnees:statistiques_json": ("get", "/donnees/statistiques.json", tous(200)),
    "donnees:schema": ("get", "/donnees/schema.json", tous(200)),
    "donnees:schema_statistiques": ("get", "/donnees/schema-statistiques.json", tous(200)),
    "donnees:datapackage": ("get", "/donnees/datapackage.json", tous(200)),
    "tableau:index": ("get", "/tableau-de-bord/", seulement(ETAT)),
    "tableau:actions": ("post", "/tableau-de-bord/actions/", seulement(ETAT, 302)),
    "tableau:enregistrer_vue": ("post", "/tableau-de-bord/vues/", seulement(ETAT, 302)),
    "tableau:supprimer_vue": (
        "post",
        "/tableau-de-bord/vues/{vue}/supprimer/",
        seulement(ETAT, 404, ddt=302),
    ),
    "tableau:export_csv": ("get", "/tableau-de-bord/export.csv", seulement(ETAT)),
    "tableau:export_xlsx": ("get", "/tableau-de-bord/export.xlsx", seulement(ETAT)),
    "operateurs:annuaire": ("get", "/operateurs/", connectes()),
    "operateurs:fiche": ("get", "/operateurs/cerema/", connectes()),
    "operateurs:boite": ("get", "/operateurs/demandes/", seulement({"cerema", "ademe"})),
    "operateurs:accepter": (
        "get",
        "/operateurs/orientations/{orientation}/accepter/",
        seulement({"cerema"}, ademe=404),
    ),
    "operateurs:decliner": (
        "get",
        "/operateurs/orientations/{orientation}/decliner/",
        seulement({"cerema"}, ademe=404),
    ),
    "operateurs:avis": (
        "get",
        "/operateurs/orientations/{orientation}/avis/",
        seulement({"cerema"}, ademe=404),
    ),
    "operateurs:terminer": (
        "post",
        "/operateurs/orientations/{orientation}/terminer/",
        seulement({"cerema"}, 302, ademe=404),
    ),
    "notifications:centre": ("get", "/notifications/", connectes()),
    "notifications:ouvrir": (
        "post",
        "/notifications/{notification}/ouvrir/",
        seulement({"prefet"}, 302, autres=404),
    ),
    "notifications:marquer_lue": (
        "post",
        "/notifications/{notification}/lue/",
        seulement({"prefet"}, 302, autres=404),
    ),
    "notifications:tout_marquer_lu": ("post", "/notifications/tout-lu/", connectes(302)),
    "notifications:preferences": ("get", "/notifications/preferences/", connectes()),
    "sourdine": ("post", "/notifications/sourdine/{d}/", sur_d(302)),
    "comite:seances": ("get", "/comite/seances/", seulement(ETAT | {"membre"})),
    "comite:planifier": ("post", "/comite/seances/nouvelle/", seulement(ETAT, 400)),
    "comite:feuille_de_route": ("get", "/comite/feuille-de-route/", seulement(ETAT | {"membre"})),
    "comite:retirer_priorite": (
        "post",
        "/comite/feuille-de-route/{priorite}/retirer/",
        seulement(ETAT, 302),
    ),
    "comite:seance": ("get", "/comite/seances/{s}/", sur_s(200)),
    "comite:modifier_seance": ("get", "/comite/seances/{s}/modifier/", gestion_de_s(200)),
    "comite:inscrire": ("post", "/comite/seances/{s}/inscrire/", gestion_de_s(400)),
    "comite:ajouter_sujet": ("post", "/comite/seances/{s}/sujet/", gestion_de_s(400)),
    "comite:deplacer": ("post", "/comite/seances/{s}/points/{point}/deplacer/", gestion_de_s(302)),
    "comite:modifier_point": (
        "get",
        "/comite/seances/{s}/points/{point}/modifier/",
        gestion_de_s(200),
    ),
    "comite:decider": ("get", "/comite/seances/{s}/points/{point}/decision/", gestion_de_s(200)),
    "comite:publier": ("post", "/comite/seances/{s}/publier/", gestion_de_s(302)),
    "comite:clore": ("post", "/comite/seances/{s}/clore/", gestion_de_s(302)),
    "comite:publier_releve": ("post", "/comite/seances/{s}/publier-releve/", gestion_de_s(302)),
    "comite:convocation": ("post", "/comite/seances/{s}/convocation/", sur_s(403, membre=302)),
    "comite:ordre_du_jour_pdf": ("get", "/comite/seances/{s}/ordre-du-jour.pdf", sur_s(200)),
    "comite:releve_pdf": ("get", "/comite/seances/{s}/releve-de-decisions.pdf", sur_s(404)),
    "comite:invitation": ("get", "/comite/seances/{s}/invitation.ics", sur_s(200)),
    # The secretariat (comite/secretariat). The attendance sheet and the item forms are the
    # State's; S is ten days away, so the pages say the step is not open yet.
    "comite:presences": ("get", "/comite/seances/{s}/presences/", gestion_de_s(200)),
    "comite:corriger": ("get", "/comite/seances/{s}/points/{point}/corriger/", gestion_de_s(200)),
    "comite:retirer": ("get", "/comite/seances/{s}/points/{point}/retirer/", gestion_de_s(200)),
    "comite:consulter": (
        "get",
        "/comite/seances/{s}/points/{point}/consultation/",
        gestion_de_s(200),
    ),
    # Questions are between the State and the members: Delle sees the séance, not them.
    "comite:questions": (
        "get",
        "/comite/seances/{s}/points/{point}/questions/",
        sur_s(200, delle=403),
    ),
    "comite:repondre_question": (
        "post",
        "/comite/questions/{question}/repondre/",
        gestion_de_s(302),
    ),
    # The written consultation on D's item: the State and the members only.
    "comite:consultation": (
        "get",
        "/comite/consultations/{consultation}/",
        sur_s(200, delle=404),
    ),
    "comite:clore_consultation": (
        "post",
        "/comite/consultations/{consultation}/clore/",
        sur_s(403, delle=404, prefet=400, ddt=400, admin=400),
    ),
    "comite:agenda": ("get", "/comite/agenda/", seulement({"membre"})),
    "comite:renouveler_agenda": ("post", "/comite/agenda/renouveler/", seulement({"membre"}, 302)),
    # The secret address is the key: whoever holds it reads the feed, signed in or not.
    "comite:flux_agenda": ("get", "/comite/agenda/{jeton_agenda}.ics", tous(200)),
    "comite:releves": ("get", "/comite/releves/", tous(200)),
    # S's record is not published (nor does the comité publish its records).
    "comite:releve": ("get", "/comite/releves/{s}/", tous(404)),
    "comite:dossier_choix": ("get", "/comite/seances/{s}/dossier/", gestion_de_s(200)),
    # Delle sees the public agenda of S, not the members' file.
    "comite:dossier_pdf": ("get", "/comite/seances/{s}/dossier.pdf", sur_s(200, delle=403)),
    # The expert's page: its signed link is the only key, with or without an account.
    "avis:repondre": ("get", "/avis/{jeton}/", tous(200)),
    "avis:demander": ("get", "/demandes/{d}/avis/nouveau/", action_etat_sur_d(200)),
    "avis:redemander": (
        "post",
        "/demandes/{d}/avis/{avis_ouvert}/redemander/",
        action_etat_sur_d(302),
    ),
    "avis:revoquer": ("post", "/demandes/{d}/avis/{avis_ouvert}/revoquer/", action_etat_sur_d(302)),
    # A shareable avis, answered: read by whoever sees D, its documents too.
    "avis:telecharger": (
        "get",
        "/demandes/{d}/avis/{avis_recu}/documents/{document_avis}/",
        sur_d(200),
    ),
    # The API answers tokens only (tests/api/test_matrice_api.py): a browser's session, whoever
    # it is, gets a 401. Its schema and documentation are public.
    "api:schema": ("get", "/api/v1/schema/", tous(200)),
    "api:documentation": ("get", "/api/v1/", tous(200)),
    "api:demandes": ("get", "/api/v1/demandes/", tous(401)),
    "api:demande": ("get", "/api/v1/demandes/{d}/", tous(401)),
    "api:evenements": ("get", "/api/v1/demandes/{d}/evenements/", tous(401)),
    "api:orientations": ("get", "/api/v1/orientations/", tous(401)),
    "api:orientation": ("get", "/api/v1/orientations/{orientation}/", tous(401)),
    "api:accepter": ("post", "/api/v1/orientations/{orientation}/accepter/", tous(401)),
    "api:decliner": ("post", "/api/v1/orientations/{orientation}/decliner/", tous(401)),
    "api:avis": ("post", "/api/v1/orientations/{orientation}/avis/", tous(401)),
    "api:seances": ("get", "/api/v1/seances/", tous(401)),
    "api:seance": ("get", "/api/v1/seances/{s}/", tous(401)),
    "api:collectivites": ("get", "/api/v1/collectivites/", tous(401)),
    "api:thematiques": ("get", "/api/v1/thematiques/", tous(401)),
    "api:operateurs": ("get", "/api/v1/operateurs/", tous(401)),
    # Tokens and webhooks: the members of an operator or a State service, of their own
    # organisation's rows (the token and the subscription are the Cerema's).
    "api_portail:jetons": ("get", "/api/jetons/", seulement(API)),
    "api_portail:revoquer": (
        "post",
        "/api/jetons/{jeton_api}/revoquer/",
        seulement(API, 404, cerema=302),
    ),
    "api_portail:webhooks": ("get", "/api/webhooks/", seulement(API)),
    "api_portail:journal": ("get", "/api/webhooks/{abonnement}/", seulement(API, 404, cerema=200)),
    "api_portail:reactiver": (
        "post",
        "/api/webhooks/{abonnement}/reactiver/",
        seulement(API, 404, cerema=302),
    ),
    "api_portail:supprimer": (
        "post",
        "/api/webhooks/{abonnement}/supprimer/",
        seulement(API, 404, cerema=302),
    ),
}
# What the POST carries where an empty one would be refused before the permission check.
DONNEES = {
    "demandes:etiqueter": {"etiquette": "{etiquette}"},
    "comite:convocation": {"convocation-reponse": "present"},
}
# Served to everyone, whose answer depends on the services (200, or 503 when one is down).
HORS_MATRICE = {"sante"}


def noms_des_routes(motifs=None, espace=""):
    for motif in motifs if motifs is not None else get_resolver().url_patterns:
        if isinstance(motif, URLResolver):
            if motif.namespace == "admin":
                continue  # Django's own admin, staff only, tested by Django
            prefixe = f"{espace}{motif.namespace}:" if motif.namespace else espace
            yield from noms_des_routes(motif.url_patterns, prefixe)
        elif isinstance(motif, URLPattern) and motif.name:
            yield f"{espace}{motif.name}"


def test_chaque_route_du_projet_est_dans_la_matrice():
    routes = set(noms_des_routes()) - HORS_MATRICE
    assert routes - set(MATRICE) == set(), "route sans règle d'accès dans la matrice"
    assert set(MATRICE) - routes == set(), "règle pour une route qui n'existe plus"


@pytest.fixture
def monde(monde_du_module):
    """Built once for the module: each test reads it and rolls back what it changes."""
    return monde_du_module


@pytest.fixture(scope="module")
def sessions(monde_du_module):
    """Each role's session cookie, opened once for the module through the real login page (the
    admin's with its second factor), in the module's transaction: a test sends it, and rolls
    back whatever a page does to it (logging out, changing one's password)."""
    from tests.conftest import connecter_par_la_page

    cles, sessions = {}, {}
    for role in ROLES:
        if role != "anonyme":
            client = connecter_par_la_page(Client(), EMAILS[role], cles)
            sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


def fermer(reponse):
    """Close streamed files and exports without ending the test's database transaction.

    Closing a response sends ``request_finished``, whose ``close_old_connections`` would drop a
    connection found inside a transaction (the test's own, here).
    """
    request_finished.disconnect(close_old_connections)
    try:
        reponse.close()
    finally:
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize("route", sorted(MATRICE))
def test_matrice(client, sessions, monde, route):
    methode, modele, attendus = MATRICE[route]
    url = modele.format(**monde)
    donnees = DONNEES.get(route, {})
    donnees = {cle: valeur.format(**monde) for cle, valeur in donnees.items()}
    obtenus = {}
    for role in ROLES:
        point_de_retour = transaction.savepoint()
        client.cookies.clear()
        if role != "anonyme":
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
        reponse = getattr(client, methode)(url, donnees)
        obtenus[role] = reponse.status_code
        fermer(reponse)
        transaction.savepoint_rollback(point_de_retour)
    differences = {r: (obtenus[r], attendus[r]) for r in ROLES if obtenus[r] != attendus[r]}
    assert not differences, f"{route} — rôle : (obtenu, attendu) : {differences}"


# The REST API reads no cookie: its token comes in a header no other site can make a browser
# send, so a forged cross-site request carries nothing (see tests/api).
SANS_COOKIE = {route for route in MATRICE if route.startswith("api:")}


@pytest.mark.parametrize(
    "route",
    sorted(
        r for r, (methode, _, _) in MATRICE.items() if methode == "post" and r not in SANS_COOKIE
    ),
)
def test_chaque_action_exige_le_jeton_csrf(monde, route):
    navigateur = Client(enforce_csrf_checks=True)
    # A role that may act: without the token it is refused, with it it would not be.
    role = next(r for r, code in MATRICE[route][2].items() if r != "anonyme" and code < 403)
    navigateur.force_login(get_user_model().objects.get(email=EMAILS[role]))
    reponse = navigateur.post(MATRICE[route][1].format(**monde), DONNEES.get(route, {}))
    assert reponse.status_code == 403
    assert "CSRF" in reponse.content.decode()
