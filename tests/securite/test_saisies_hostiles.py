"""Hostile input, drawn from all of Unicode, on every page of the project: never a 500, text
always escaped, no redirection to another site; the request form saves nothing half-way.

The pages are the URLconf's routes (the authorisation matrix names each one, with who may
reach it); their parameters are read from the forms and links the pages render, so a new page
or a new field is covered without a line here.
"""

import copy
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from demandes.models import Demande
from guichet.comptes.models import User

from .test_matrice_autorisations import EMAILS, HORS_MATRICE, MATRICE, fermer, noms_des_routes

pytestmark = pytest.mark.django_db

# Digits for str.isdigit() or int() that are not ASCII: ², Arabic-Indic, circled, Roman…
CHIFFRES_D_AILLEURS = st.characters(categories=["Nd", "No", "Nl"], exclude_characters="0123456789")
CARACTERES = st.one_of(
    st.characters(exclude_categories=[]),  # any code point, lone surrogates included
    CHIFFRES_D_AILLEURS,
    st.characters(categories=["Cs", "Cc", "Cf"]),  # surrogates, NUL and controls, bidi marks
)
MALVEILLANT = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "'; DROP TABLE demandes_demande; --",
        "\u202eexe.pdf",
        "\x00",
        "a\x00b",
        "\ud800",
        "\udfff\ud800",
        "²",
        "\u0661",
        "\u0661" * 30,
        "1_000",
        "🏛️" * 50,
        "-1",
        "0",
        "1.5",
        "1e400",
        "abc",
        str(2**63),
        str(2**70),
        "9" * 5000,
        "x" * 100_000,
        "9999-12-31",
        "9999-12-31T23:59",
        "0001-01-01T00:00",
        "9999-99-99",
        "//exemple.invalid/",
        "https://exemple.invalid/",
        "",
    ]
)
VALEUR = st.one_of(
    MALVEILLANT,
    st.text(CARACTERES, max_size=40),
    st.text(CHIFFRES_D_AILLEURS, min_size=1, max_size=25),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
REGLAGES = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def encoder(donnees):
    """``donnees`` as a browser or a script would send them: UTF-8, lone surrogates included
    (as the invalid bytes they become), in a query string or a form body."""
    return urlencode(donnees, doseq=True, encoding="utf-8", errors="surrogatepass")


def poster(client, url, donnees):
    return client.post(url, encoder(donnees), content_type="application/x-www-form-urlencoded")


CHAMPS_DE_LA_DEMANDE = [
    "titre",
    "description",
    "programme",
    "besoin",
    "maturite",
    "budget_estime",
    "echeance_souhaitee",
    "contact_nom",
    "contact_email",
    "contact_telephone",
    "thematiques",
    "version",
]


@settings(REGLAGES, max_examples=60)
@given(
    donnees=st.fixed_dictionaries({}, optional=dict.fromkeys(CHAMPS_DE_LA_DEMANDE, VALEUR)),
    bouton=st.sampled_from(["deposer", "brouillon"]),
)
def test_le_formulaire_de_demande_resiste_a_toute_saisie(
    client, connecter, comptes, donnees, bouton
):
    if "_auth_user_id" not in client.session:
        connecter("maire@delle.demo")
    avant = Demande.objects.count()
    reponse = poster(client, "/demandes/nouvelle/", {**donnees, bouton: "1"})
    apres = Demande.objects.count()
    assert reponse.status_code in (200, 302)
    if reponse.status_code == 200:
        page = reponse.content.decode()
        assert apres == avant, "rien d'enregistré quand le formulaire est refusé"
        assert 'role="alert"' in page
        assert "<script>alert(1)</script>" not in page
        assert "<img src=x" not in page
    else:
        assert apres == avant + 1
        detail = client.get(reponse["Location"]).content.decode()
        assert "<script>alert(1)</script>" not in detail and "<img src=x" not in detail


# Every page is tried as the first of these roles that the matrix lets use it.
PREFERENCES = ["prefet", "delle", "cerema", "membre", "ddt", "admin", "belfort", "ademe", "anonyme"]
# Where the matrix's URL does not lead to the page's form: a demande with a complement to answer.
ADRESSES = {"demandes:completer": "/demandes/{a_completer}/completer/"}
# Query parameters a page reads with no form or link on its first page to show them.
PARAMETRES_COMMUNS = ["page", "echanges", "historique", "next"]
# Files that take a second each to render (WeasyPrint) and read no parameter.
LENTES = {
    "accompagnement:bilan_pdf",
    "comite:dossier_pdf",
    "comite:ordre_du_jour_pdf",
    "comite:releve_pdf",
}
NON_HTML = (".pdf", ".ics", ".json", ".csv", ".xlsx")


class _Page(HTMLParser):
    """The forms of a page (method, action, fields and the values offered) and its links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.formulaires = []
        self.liens = []
        self._formulaire = None
        self._liste = None

    def handle_starttag(self, tag, attrs):
        attributs = {nom: valeur or "" for nom, valeur in attrs}
        nom = attributs.get("name")
        if tag == "form":
            self._formulaire = {
                "methode": attributs.get("method", "get").lower(),
                "action": attributs.get("action", ""),
                "champs": defaultdict(set),
            }
            self.formulaires.append(self._formulaire)
        elif tag == "a" and attributs.get("href"):
            self.liens.append(attributs["href"])
        elif self._formulaire is None or nom == "csrfmiddlewaretoken":
            return
        elif tag in ("input", "button", "textarea") and nom:
            self._formulaire["champs"][nom].add(attributs.get("value", ""))
        elif tag == "select" and nom:
            self._liste = self._formulaire["champs"][nom]
        elif tag == "option" and self._liste is not None:
            self._liste.add(attributs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._formulaire = None
        elif tag == "select":
            self._liste = None


def role_pour(attendus):
    for role in PREFERENCES:
        if attendus[role] in (200, 400):
            return role
    return next((r for r in PREFERENCES if r != "anonyme" and attendus[r] < 403), "prefet")


def adresse(nom, monde):
    return ADRESSES.get(nom, MATRICE[nom][1]).format(**monde)


def champs_des_pages(clients, monde):
    """(method, path) → {field: values offered}, read in the forms and links of every HTML page
    the matrix serves to one of ``clients``' roles."""
    champs = defaultdict(lambda: defaultdict(set))
    for nom, (methode, _, attendus) in MATRICE.items():
        url = adresse(nom, monde)
        if methode != "get" or url.endswith(NON_HTML):
            continue
        for role, client in clients.items():
            if attendus[role] != 200 and not (nom in ADRESSES and role == role_pour(attendus)):
                continue
            reponse = client.get(url)
            fermer(reponse)
            if not reponse.get("Content-Type", "").startswith("text/html"):
                continue  # a document served for download
            page = _Page()
            page.feed(reponse.content.decode())
            for formulaire in page.formulaires:
                cible = urlsplit(urljoin(url, formulaire["action"])).path
                for champ, valeurs in formulaire["champs"].items():
                    champs[formulaire["methode"], cible][champ] |= valeurs
            for lien in page.liens:
                cible = urlsplit(urljoin(url, lien))
                for champ, valeur in parse_qsl(cible.query, keep_blank_values=True):
                    champs["get", cible.path][champ].add(valeur)
    return champs


def cas_a_essayer(monde, champs):
    """(route, method, URL, role, fields and their values) for every route of the URLconf but
    those left out: its own method, and POST too when a page posts a form to it."""
    routes = set(noms_des_routes()) - HORS_MATRICE
    assert routes <= set(MATRICE), "route absente de la matrice d'autorisations"
    for nom in sorted(routes):
        methode_de_la_route, _, attendus = MATRICE[nom]
        url = adresse(nom, monde)
        methodes = {methode_de_la_route} | ({"post"} if ("post", url) in champs else set())
        for methode in sorted(methodes):
            vus = {"version": set(), **champs[methode, url]}
            if methode == "get":
                vus |= {champ: vus.get(champ, set()) for champ in PARAMETRES_COMMUNS}
            yield nom, methode, url, role_pour(attendus), vus
    yield "sante", "get", "/sante/", "anonyme", {champ: set() for champ in PARAMETRES_COMMUNS}


def valeurs_pour(offertes, monde):
    """A field's hostile values, mixed with those the page offers and the world's identifiers,
    so that some examples get past the form to the service."""
    connues = sorted({*offertes, *(str(pk) for pk in monde.values())})
    return st.lists(st.one_of(VALEUR, st.sampled_from(connues)), min_size=1, max_size=3)


def test_aucune_page_ne_repond_500_a_une_saisie_hostile(monde):
    clients = {}
    for role in {role_pour(attendus) for _, _, attendus in MATRICE.values()}:
        clients[role] = Client()
        if role != "anonyme":
            clients[role].force_login(User.objects.get(email=EMAILS[role]))
    for nom, methode, url, role, vus in list(
        cas_a_essayer(monde, champs_des_pages(clients, monde))
    ):
        essayer(clients[role], role, nom, methode, url, vus, monde)


def essayer(client, role, nom, methode, url, vus, monde):
    champs = {champ: valeurs_pour(offertes, monde) for champ, offertes in vus.items()}

    @settings(REGLAGES, max_examples=2 if nom in LENTES else 12)
    @given(donnees=st.fixed_dictionaries({}, optional=champs))
    def envoyer(donnees):
        note(f"{nom} : {methode.upper()} {url} en tant que {role}")
        # Each example starts from the same world and the same session (logging out, changing
        # one's password or deactivating one's account are among the forms tried).
        cookies = copy.deepcopy(client.cookies)
        point_de_retour = transaction.savepoint()
        try:
            if methode == "get":
                reponse = client.get(f"{url}?{encoder(donnees)}")
            else:
                reponse = poster(client, url, donnees)
            fermer(reponse)
        finally:
            transaction.savepoint_rollback(point_de_retour)
            client.cookies = cookies
        sante_indisponible = nom == "sante" and reponse.status_code == 503
        assert reponse.status_code < 500 or sante_indisponible, f"{nom} : {reponse.status_code}"
        if reponse.status_code in (301, 302):
            assert urlsplit(reponse["Location"]).netloc in ("", "testserver"), reponse["Location"]
        if reponse.get("Content-Type", "").startswith("text/html"):
            page = reponse.content.decode()
            assert "<script>alert(1)</script>" not in page and "<img src=x" not in page

    envoyer()


def test_un_exposant_comme_identifiant_est_un_choix_invalide(client, connecter, monde):
    # Found by Hypothesis: « ² » passes str.isdigit() but not int(), which answered with a 500.
    connecter("contact@cerema.demo")
    url = f"/operateurs/orientations/{monde['orientation']}/accepter/"
    assert client.post(url, {"responsable": "²"}).status_code == 400
