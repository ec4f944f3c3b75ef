"""The ANCT's national view: figures of every département, equal to the demandes themselves,
read-only, without any demande's detail, for the ANCT and the superuser only."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone, translation

from demandes.models import Demande, Statut
from guichet.territoire.models import Departement, ProgrammeNational, Thematique
from national import carte, selectors
from tests.factories import CommuneFactory, DemandeFactory

pytestmark = pytest.mark.django_db

S = Statut
COLONNES = selectors.COLONNES
ANCT = "anct@anct.demo"


def compte_reel(demandes, colonne):
    """What a column counts, counted on the demandes themselves."""
    if colonne == "deposees":
        return demandes.count()
    return demandes.filter(statut__in=selectors.ISSUES[colonne]).count()


@pytest.fixture
def demo(demo_du_module, comptes):
    """The demo, loaded once for the module."""
    return comptes


@pytest.fixture
def doubs(demo):
    """The demo (eleven demandes of Belfort and Delle, 90, a draft among them) and two made-up
    communes of the Doubs (25) with demandes in every outcome, one of last year, some taken
    charge of after 2, 4 and 10 days, with themes and programmes."""
    maintenant = timezone.now()
    besancon, pontarlier = CommuneFactory.create_batch(2)
    habitat = Thematique.objects.get(slug="habitat")
    eau = Thematique.objects.get(slug="eau-potable")
    pvd = ProgrammeNational.objects.get(slug="petites-villes-de-demain")
    demandes = []
    for collectivite, statut, jours, themes in [
        (besancon, S.DEPOSEE, None, [habitat]),
        (besancon, S.EN_INSTRUCTION, 2, [habitat, eau]),
        (besancon, S.ORIENTEE, 4, [eau]),
        (pontarlier, S.ACCOMPAGNEE, 10, [habitat]),
        (pontarlier, S.CLASSEE_SANS_SUITE, None, []),
        (pontarlier, S.CLOTUREE, None, [eau]),
    ]:
        depot = maintenant - datetime.timedelta(days=20)
        demandes.append(
            DemandeFactory(
                collectivite=collectivite,
                statut=statut,
                date_depot=depot,
                date_prise_en_charge=depot + datetime.timedelta(days=jours) if jours else None,
                programme=pvd if collectivite == besancon else None,
                thematiques=themes,
            )
        )
    demandes.append(
        DemandeFactory(
            collectivite=besancon,
            statut=S.DEPOSEE,
            date_depot=maintenant.replace(year=maintenant.year - 1),
            thematiques=[habitat],
        )
    )
    DemandeFactory(collectivite=besancon, statut=S.BROUILLON, date_depot=None, reference=None)
    return {"besancon": besancon, "pontarlier": pontarlier, "demandes": demandes}


def test_chaque_ligne_egale_les_demandes_de_son_departement_et_les_totaux_leur_somme(
    client, connecter, doubs
):
    connecter(ANCT)
    page = client.get("/national/")
    assert page.status_code == 200
    lignes = {ligne["code"]: ligne for ligne in page.context["departements"]}
    assert len(lignes) == Departement.objects.count() == 101
    deposees = Demande.objects.exclude(statut=S.BROUILLON)
    for code in ("90", "25"):
        du_departement = deposees.filter(collectivite__departement__code=code)
        for colonne in COLONNES:
            assert lignes[code][colonne] == compte_reel(du_departement, colonne), (code, colonne)
    assert lignes["25"]["deposees"] == 7 and lignes["90"]["deposees"] == 10
    assert all(
        ligne[colonne] == 0
        for code, ligne in lignes.items()
        if code not in {"90", "25"}
        for colonne in COLONNES
    )
    totaux = page.context["totaux"]
    for colonne in COLONNES:
        assert totaux[colonne] == sum(ligne[colonne] for ligne in lignes.values())
        assert totaux[colonne] == compte_reel(deposees, colonne)
    # The outcomes share the filed demandes out, none twice.
    assert totaux["deposees"] == sum(totaux[colonne] for colonne in selectors.ISSUES)
    assert page.context["hors_departement"] is None


def test_le_delai_median_de_prise_en_charge_par_departement(client, connecter, doubs):
    connecter(ANCT)
    lignes = {ligne["code"]: ligne for ligne in client.get("/national/").context["departements"]}
    assert lignes["25"]["delai"] == 4.0  # 2, 4 and 10 days
    assert lignes["971"]["delai"] is None


def test_par_thematique_et_par_programme(client, connecter, doubs):
    connecter(ANCT)
    page = client.get("/national/")
    deposees = Demande.objects.exclude(statut=S.BROUILLON)
    for ligne in page.context["thematiques"]:
        des_themes = deposees.filter(thematiques=ligne["pk"])
        for colonne in COLONNES:
            assert ligne[colonne] == compte_reel(des_themes, colonne), (ligne["nom"], colonne)
    programmes = {ligne["nom"]: ligne for ligne in page.context["programmes"]}
    pvd = deposees.filter(programme__slug="petites-villes-de-demain")
    assert programmes["Petites villes de demain"]["deposees"] == pvd.count() >= 3
    sans = page.context["sans_programme"]
    assert sans["deposees"] == deposees.filter(programme__isnull=True).count()
    assert sum(ligne["deposees"] for ligne in programmes.values()) + sans["deposees"] == (
        deposees.count()
    )


def test_le_filtre_par_annee(client, connecter, doubs):
    connecter(ANCT)
    cette_annee = timezone.localdate().year
    page = client.get(f"/national/?annee={cette_annee - 1}")
    assert page.context["annee"] == cette_annee - 1
    lignes = {ligne["code"]: ligne for ligne in page.context["departements"]}
    assert lignes["25"]["deposees"] == 1 and page.context["totaux"]["deposees"] == 1
    assert f"Demandes par département, déposées en {cette_annee - 1}" in page.content.decode()
    # A year the page does not offer shows every year.
    assert client.get("/national/?annee=1900").context["annee"] is None
    # Found by the hostile inputs test: digits int() refuses are no year either, not a 500.
    for valeur in ("²", "9" * 5000):
        assert client.get("/national/", {"annee": valeur}).context["annee"] is None


def test_aucun_detail_de_demande_dans_la_page(client, connecter, doubs):
    connecter(ANCT)
    contenu = client.get("/national/").content.decode()
    for demande in Demande.objects.all():
        assert demande.titre not in contenu
        if demande.reference:
            assert demande.reference not in contenu
    # No collectivité either (Belfort is also the département's name, in the table).
    for nom in ("Delle", doubs["besancon"].nom, doubs["pontarlier"].nom):
        assert nom not in contenu
    assert not re.search(r'href="/demandes/', contenu)


def test_la_carte_mene_aux_lignes_du_tableau(client, connecter, doubs):
    connecter(ANCT)
    contenu = client.get("/national/").content.decode()
    carte_html = contenu[contenu.index('<svg class="guichet-carte') : contenu.index("</svg>")]
    assert carte_html.count('href="#departement-') == 96  # metropolitan France
    assert 'href="#departement-25"' in carte_html and 'href="#departement-971"' not in carte_html
    assert '<tr id="departement-25">' in contenu and '<tr id="departement-971">' in contenu
    assert "Doubs (25) : 7 demandes" in carte_html
    assert "CC-BY-4.0" in contenu and "Carte de la France métropolitaine" in contenu


def test_l_agent_de_l_anct_n_ouvre_ni_demande_ni_tableau_de_bord_ni_export(
    client, connecter, doubs
):
    connecter(ANCT)
    for demande in doubs["demandes"][:2] + list(Demande.objects.filter(statut=S.ACCOMPAGNEE)):
        assert client.get(f"/demandes/{demande.pk}/").status_code == 404
    for adresse in (
        "/tableau-de-bord/",
        "/tableau-de-bord/export.csv",
        "/tableau-de-bord/export.xlsx",
    ):
        assert client.get(adresse).status_code == 403, adresse
    assert "Vue nationale" in client.get("/").content.decode()


@pytest.mark.parametrize(
    "email",
    ["prefet@prefecture.demo", "agent@ddt.demo", "maire@delle.demo", "contact@cerema.demo"],
)
def test_ni_l_etat_du_departement_ni_une_collectivite_ni_un_operateur(
    client, connecter, demo, email
):
    connecter(email)
    assert client.get("/national/").status_code == 403
    assert 'href="/national/"' not in client.get("/").content.decode()


def test_un_anonyme_est_renvoye_a_la_connexion(client, demo):
    reponse = client.get("/national/")
    assert reponse.status_code == 302
    assert reponse["Location"].startswith("/comptes/connexion/")


def test_le_superutilisateur_voit_la_vue_nationale(client, connecter, demo):
    connecter("admin@guichet.demo")
    assert client.get("/national/").status_code == 200


# The session, the person and their groups, the years; for the totals, the départements, the
# themes and the programmes a count grouped by status, and the rows' names (a median too for
# the totals and the départements); the header's préfet (the person's attachments, none, then
# the default département) and the unread notifications; around the count, parallel query
# allowed then set back, within a savepoint here (a transaction alone in production): 20, the
# same for 10 demandes or 1,000,000.
MAX_REQUETES = 20


def test_nombre_de_requetes_borne_quel_que_soit_le_nombre_de_demandes(
    client, connecter, doubs, django_assert_max_num_queries
):
    connecter(ANCT)
    with django_assert_max_num_queries(MAX_REQUETES):
        client.get("/national/")
    communes = CommuneFactory.create_batch(3)
    for numero in range(30):
        DemandeFactory(collectivite=communes[numero % 3], statut=S.ORIENTEE)
    cache.clear()  # counted anew, as five minutes later
    with django_assert_max_num_queries(MAX_REQUETES):
        page = client.get("/national/")
    lignes = {ligne["code"]: ligne for ligne in page.context["departements"]}
    assert lignes["25"]["deposees"] == 37


def test_les_chiffres_disent_quand_ils_ont_ete_comptes_et_sont_recomptes_passe_le_delai(
    client, connecter, doubs, settings
):
    """Counted once for every visitor within ``VUE_NATIONALE_FRAICHEUR``, with the time shown;
    counted again after it, new demandes included."""
    import time

    settings.VUE_NATIONALE_FRAICHEUR = 2
    connecter(ANCT)
    avant = timezone.now()
    premiere = client.get("/national/")
    compte_le = premiere.context["compte_le"]
    assert avant <= compte_le <= timezone.now()
    heure = timezone.localtime(compte_le)
    assert f"Chiffres comptés le {heure.day} " in premiere.content.decode()
    assert f"à {heure:%H} h {heure:%M} ; la page les recompte quand ils ont plus de 1 minute." in (
        premiere.content.decode()
    )
    DemandeFactory(collectivite=doubs["besancon"], statut=S.DEPOSEE)
    seconde = client.get("/national/")
    assert seconde.context["compte_le"] == compte_le
    assert seconde.context["totaux"]["deposees"] == premiere.context["totaux"]["deposees"]
    time.sleep(2.1)
    apres = client.get("/national/")
    assert apres.context["compte_le"] > compte_le
    assert apres.context["totaux"]["deposees"] == premiere.context["totaux"]["deposees"] + 1


def test_les_chiffres_en_format_francais():
    with translation.override("fr"):
        assert carte.nombre(1234567) == "1\N{NO-BREAK SPACE}234\N{NO-BREAK SPACE}567"


def test_les_paliers_de_la_legende():
    assert carte.paliers(0) == [(0, 0, carte.AUCUNE)]
    classes = carte.paliers(10)
    assert [(bas, haut) for bas, haut, _ in classes] == [(0, 0), (1, 3), (4, 6), (7, 9), (10, 10)]
    assert classes[-1][2] == carte.TEINTES[-1]
    assert [(bas, haut) for bas, haut, _ in carte.paliers(2)] == [(0, 0), (1, 1), (2, 2)]


def test_chaque_statut_depose_a_une_issue_et_une_seule():
    issues = list(selectors.ISSUES.values())
    assert sum(len(statuts) for statuts in issues) == len(selectors.STATUTS_DEPOSES)
    assert set(Statut) - {Statut.BROUILLON} == selectors.STATUTS_DEPOSES


def test_le_compte_national_seul_se_repartit_sur_les_workers_de_postgresql(doubs):
    """Parallel query is off on the portal's connections (guichet/settings.py) but for the
    national count; after it, the connection is back to none, even within a transaction (as
    here, a test's)."""
    if connection.vendor != "postgresql":
        pytest.skip("réglage propre à PostgreSQL (DATABASE_URL)")
    cache.clear()
    chiffres = selectors.chiffres_nationaux()
    assert (
        chiffres["totaux"]["deposees"]
        == Demande.objects.filter(statut__in=selectors.STATUTS_DEPOSES).count()
    )
    with connection.cursor() as curseur:
        curseur.execute("SHOW max_parallel_workers_per_gather")
        assert curseur.fetchone()[0] == "0"
