"""The tabs, the key figures and the rows are exact at every display, right after any change
made through the services, and the page costs the same number of queries whatever the number of
demandes."""

import datetime
import re

import pytest
from django.db import connection
from django.utils import timezone

from demandes import chiffres
from demandes.models import Demande, Etiquette, Statut
from guichet.territoire.models import Departement, Operateur, Thematique
from operateurs.models import Orientation
from tableau import filtres, selectors
from tests.factories import DemandeFactory

from .conftest import creer, onglets

pytestmark = pytest.mark.django_db


def par_statut(page):
    return {cle: nombre for _, cle, nombre in page.context["chiffres"]["par_statut"]}


def ligne(page, demande):
    """The HTML of ``demande``'s row in the dashboard's table."""
    contenu = page.content.decode()
    debut = contenu.index(f'id="choix-{demande.pk}"')
    return contenu[debut : contenu.index("</tr>", debut)]


def test_juste_apres_une_prise_en_charge_onglets_et_chiffres_cles_concordent(
    client, connecter, jeu
):
    connecter("agent@ddt.demo")
    avant = client.get("/tableau-de-bord/?statut=deposee")
    assert onglets(avant)["a_traiter"] == 2 and par_statut(avant)[Statut.DEPOSEE] == 2
    assert onglets(avant)["suivies"] == 0
    apres = client.post(
        "/tableau-de-bord/actions/",
        {
            "demandes": [jeu["eau"].pk],
            "action": "prendre_en_charge",
            "retour": "/tableau-de-bord/?statut=deposee",
        },
        follow=True,
    )
    # The very page the agent lands on: the tabs and the key figures all count the change.
    assert onglets(apres)["a_traiter"] == 1
    assert onglets(apres)["suivies"] == 0  # the filter keeps the filed ones only
    assert par_statut(apres)[Statut.DEPOSEE] == 1
    assert par_statut(apres)[Statut.EN_INSTRUCTION] == 2
    contenu = apres.content.decode()
    assert "À traiter (1)" in contenu and "Déposée : 1" in contenu
    assert jeu["eau"].reference not in {d.reference for d in apres.context["page"].object_list}
    sans_filtre = client.get("/tableau-de-bord/")
    assert onglets(sans_filtre)["a_traiter"] == 3  # still waiting on the State, in instruction
    assert onglets(sans_filtre)["suivies"] == 2  # the agent now refers it


def test_une_prise_en_charge_depuis_la_page_de_la_demande_se_voit_aussitot(client, connecter, jeu):
    connecter("prefet@prefecture.demo")
    assert onglets(client.get("/tableau-de-bord/"))["suivies"] == 1  # « orientee »
    client.post(
        f"/demandes/{jeu['ecole'].pk}/prendre-en-charge/", {"version": jeu["ecole"].version}
    )
    assert Demande.objects.get(pk=jeu["ecole"].pk).statut == Statut.EN_INSTRUCTION
    page = client.get("/tableau-de-bord/")
    assert onglets(page)["suivies"] == 2
    assert par_statut(page)[Statut.DEPOSEE] == 1


def test_une_ecriture_hors_des_services_se_voit_des_qu_elle_le_signale(client, connecter, jeu):
    connecter("agent@ddt.demo")
    assert par_statut(client.get("/tableau-de-bord/"))[Statut.DEPOSEE] == 2
    # A bulk write outside the services (a maintenance script) says so, as services do.
    Demande.objects.filter(pk__in=[jeu["eau"].pk, jeu["ecole"].pk]).update(statut=Statut.CLOTUREE)
    chiffres.demandes_changees(jeu["eau"].departement_id)
    page = client.get("/tableau-de-bord/")
    assert onglets(page)["a_traiter"] == 1  # « prise », in instruction
    assert onglets(page)["archivees"] == 2
    assert par_statut(page)[Statut.DEPOSEE] == 0
    assert par_statut(page)[Statut.CLOTUREE] == 2


def test_les_chiffres_generaux_sont_comptes_une_fois_par_version(
    client, connecter, jeu, django_assert_max_num_queries
):
    connecter("agent@ddt.demo")
    client.get("/tableau-de-bord/")
    with django_assert_max_num_queries(30) as premier:
        client.get("/tableau-de-bord/")
    chiffres.demandes_changees(jeu["eau"].departement_id)
    with django_assert_max_num_queries(40) as recompte:
        client.get("/tableau-de-bord/")
    # Counting every demande again (statuses, medians, themes, communes) costs a few queries
    # more, once per version; the default view otherwise reads them from the cache.
    assert len(recompte) > len(premier)


def test_un_changement_dans_un_autre_departement_ne_fait_rien_recompter(
    client, connecter, jeu, django_assert_max_num_queries
):
    """Each département's figures have their own version: a change in the Doubs leaves the
    90's agent's in the cache (as many queries as between two changes), one in the 90 does
    not, and the figures shown are the exact ones."""
    connecter("agent@ddt.demo")
    client.get("/tableau-de-bord/")
    with django_assert_max_num_queries(30) as entre_deux:
        client.get("/tableau-de-bord/")
    chiffres.demandes_changees(Departement.objects.get(code="25").pk)
    with django_assert_max_num_queries(len(entre_deux)):
        page = client.get("/tableau-de-bord/")
    assert par_statut(page)[Statut.DEPOSEE] == 2
    Demande.objects.filter(pk=jeu["eau"].pk).update(statut=Statut.CLOTUREE)
    chiffres.demandes_changees(jeu["eau"].departement_id)
    with django_assert_max_num_queries(40) as recompte:
        page = client.get("/tableau-de-bord/")
    assert len(recompte) > len(entre_deux)
    assert par_statut(page)[Statut.DEPOSEE] == 1


def test_un_nouveau_depot_se_voit_aussitot(client, connecter, jeu, comptes):
    connecter("prefet@prefecture.demo")
    assert onglets(client.get("/tableau-de-bord/"))["a_traiter"] == 3
    creer(comptes, titre="Nouvelle salle des fêtes")
    page = client.get("/tableau-de-bord/")
    assert onglets(page)["a_traiter"] == 4
    assert page.context["chiffres"]["ce_mois"] == 5
    assert "Nouvelle salle des fêtes" in page.content.decode()


def test_une_ligne_suit_sa_demande(client, connecter, jeu):
    connecter("agent@ddt.demo")
    assert "Sécurisation de l" in ligne(client.get("/tableau-de-bord/"), jeu["eau"])
    Demande.objects.filter(pk=jeu["eau"].pk).update(titre="Réseau communal de Delle")
    apres = ligne(client.get("/tableau-de-bord/"), jeu["eau"])
    assert "Réseau communal de Delle" in apres and "Sécurisation" not in apres


def test_suivre_compte_aussitot_dans_l_onglet_suivies_de_la_personne(client, connecter, jeu):
    connecter("agent@ddt.demo")
    assert onglets(client.get("/tableau-de-bord/"))["suivies"] == 1  # the one the agent refers
    assert "Suivie" not in ligne(client.get("/tableau-de-bord/"), jeu["eau"])
    client.post("/tableau-de-bord/actions/", {"demandes": [jeu["eau"].pk], "action": "suivre"})
    page = client.get("/tableau-de-bord/")
    assert onglets(page)["suivies"] == 2
    assert "Suivie" in ligne(page, jeu["eau"])
    # The préfet follows nothing and refers « orientee »: the tab is the person's own.
    client.post("/comptes/deconnexion/")
    connecter("prefet@prefecture.demo")
    page = client.get("/tableau-de-bord/")
    assert onglets(page)["suivies"] == 1
    assert "Suivie" not in ligne(page, jeu["eau"])


def test_suivies_compte_une_fois_ce_qui_est_a_la_fois_confie_et_suivi(client, connecter, jeu):
    connecter("agent@ddt.demo")
    # « prise » is the agent's (referent); following it too must not count it twice.
    client.post("/tableau-de-bord/actions/", {"demandes": [jeu["prise"].pk], "action": "suivre"})
    client.post("/tableau-de-bord/actions/", {"demandes": [jeu["eau"].pk], "action": "suivre"})
    page = client.get("/tableau-de-bord/?onglet=suivies")
    assert onglets(page)["suivies"] == 2
    assert page.context["page"].paginator.count == 2
    filtree = client.get("/tableau-de-bord/?onglet=suivies&statut=deposee")
    assert onglets(filtree)["suivies"] == 1


def test_une_etiquette_posee_compte_aussitot_sous_son_filtre(client, connecter, jeu):
    etiquette = Etiquette.objects.create(nom="À relire en équipe")
    connecter("agent@ddt.demo")
    url = f"/tableau-de-bord/?onglet=toutes&etiquette={etiquette.pk}"
    assert onglets(client.get(url))["toutes"] == 0
    client.post(
        "/tableau-de-bord/actions/",
        {"demandes": [jeu["eau"].pk], "action": "etiqueter", "etiquette": etiquette.pk},
    )
    page = client.get(url)
    assert onglets(page)["toutes"] == 1
    assert page.context["page"].paginator.count == 1


def test_les_onglets_comptent_les_demandes_filtrees_les_chiffres_cles_toutes(
    client, connecter, jeu
):
    connecter("agent@ddt.demo")
    page = client.get("/tableau-de-bord/?onglet=toutes&q=Delle&statut=deposee")
    assert onglets(page)["toutes"] == 1
    assert onglets(page)["a_traiter"] == 1
    assert par_statut(page)[Statut.DEPOSEE] == 2  # the key figures ignore the filters
    assert onglets(client.get("/tableau-de-bord/?onglet=toutes"))["toutes"] == 4


def test_mes_demandes_sont_celles_de_chaque_agent(client, connecter, jeu):
    url = "/tableau-de-bord/?onglet=toutes&mes_demandes=on"
    connecter("agent@ddt.demo")
    assert onglets(client.get(url))["toutes"] == 1  # « prise »
    client.post("/comptes/deconnexion/")
    connecter("prefet@prefecture.demo")
    page = client.get(url)
    assert onglets(page)["toutes"] == 1
    assert {d.reference for d in page.context["page"].object_list} == {jeu["orientee"].reference}


def test_les_listes_des_filtres_et_des_actions_suivent_le_referentiel(client, connecter, jeu):
    connecter("agent@ddt.demo")
    assert "Dossier prioritaire" not in client.get("/tableau-de-bord/").content.decode()
    etiquette = Etiquette.objects.create(nom="Dossier prioritaire")
    contenu = client.get("/tableau-de-bord/").content.decode()
    # In the filters' select and in the bulk actions' one.
    assert contenu.count(f'<option value="{etiquette.pk}">Dossier prioritaire</option>') == 2
    filtree = client.get(f"/tableau-de-bord/?etiquette={etiquette.pk}").content.decode()
    assert f'<option value="{etiquette.pk}" selected>Dossier prioritaire</option>' in filtree
    etiquette.delete()
    assert "Dossier prioritaire" not in client.get("/tableau-de-bord/").content.decode()


def test_les_filtres_gardent_leur_selection(client, connecter, jeu, delle):
    connecter("agent@ddt.demo")
    page = client.get(f"/tableau-de-bord/?commune={delle.pk}&statut=deposee&statut=orientee")
    html = page.content.decode()
    assert f'<option value="{delle.pk}" selected>Delle</option>' in html
    cochees = re.findall(r'<input type="checkbox" name="statut" value="(\w+)"[^>]* checked>', html)
    assert cochees == ["deposee", "orientee"]


def test_les_delais_medians_portent_sur_les_douze_derniers_mois(client, connecter, jeu):
    maintenant = timezone.now()
    # Filed this year, taken in charge after 4 days.
    Demande.objects.filter(pk=jeu["prise"].pk).update(
        date_depot=maintenant - datetime.timedelta(days=30),
        date_prise_en_charge=maintenant - datetime.timedelta(days=26),
    )
    # Filed three years ago, taken in charge after 300 days: out of the period.
    Demande.objects.filter(pk=jeu["eau"].pk).update(
        date_depot=maintenant - datetime.timedelta(days=3 * 365),
        date_prise_en_charge=maintenant - datetime.timedelta(days=3 * 365 - 300),
        statut=Statut.EN_INSTRUCTION,
    )
    Demande.objects.exclude(pk__in=[jeu["prise"].pk, jeu["eau"].pk]).update(
        date_prise_en_charge=None
    )
    connecter("agent@ddt.demo")
    page = client.get("/tableau-de-bord/")
    assert page.context["chiffres"]["mediane_prise_en_charge"] == 4.0
    assert "sur 12 mois" in page.content.decode()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="vecteur de recherche stocké : PostgreSQL seulement"
)
def test_la_recherche_suit_les_modifications_et_trouve_une_reference(client, connecter, jeu):
    connecter("agent@ddt.demo")
    url = "/tableau-de-bord/?onglet=toutes&q="
    assert client.get(url + "gymnase").context["page"].paginator.count == 0
    # Even a bulk update, which no Django signal sees, refreshes the stored vector.
    Demande.objects.filter(pk=jeu["eau"].pk).update(titre="Gymnase intercommunal")
    trouvees = client.get(url + "gymnases").context["page"].object_list
    assert [d.reference for d in trouvees] == [jeu["eau"].reference]
    par_reference = client.get(url + jeu["ecole"].reference.lower())
    assert [d.reference for d in par_reference.context["page"].object_list] == [
        jeu["ecole"].reference
    ]


def _remplir(nombre, comptes):
    """``nombre`` filed demandes, each with themes, a label, a routing, a follow and a message:
    everything a row shows."""
    themes = list(Thematique.objects.filter(slug__in=["habitat", "mobilite"]))
    urgent = Etiquette.objects.get(nom="Urgent")
    cerema = Operateur.objects.get(slug="cerema")
    agent, maire = comptes["agent@ddt.demo"], comptes["maire@delle.demo"]
    for demande in DemandeFactory.create_batch(nombre, thematiques=themes):
        urgent.demandes.add(demande)
        Orientation.objects.create(demande=demande, operateur=cerema, oriente_par=agent)
        demande.suivis.create(user=agent, suivie=True, vu_le=timezone.now())
        demande.messages.create(auteur=maire, texte="Précision")


# The page's queries: session and account, the filters' lists and the bulk actions' ones, the
# tab counts, the key figures and medians, the chart and the map, the page of rows and what
# each row shows (themes, labels, operators), the saved views.
REQUETES_AU_PLUS = 30


@pytest.mark.parametrize(
    "url",
    [
        "/tableau-de-bord/",
        "/tableau-de-bord/?onglet=toutes",
        "/tableau-de-bord/?onglet=suivies&thematique={habitat}&etiquette={urgent}&q=Projet",
        "/tableau-de-bord/?onglet=toutes&colonnes=depot&colonnes=thematiques&colonnes=operateurs",
    ],
)
def test_le_nombre_de_requetes_ne_depend_pas_du_nombre_de_demandes(
    client, connecter, comptes, django_assert_max_num_queries, url
):
    url = url.format(
        habitat=Thematique.objects.get(slug="habitat").pk,
        urgent=Etiquette.objects.get(nom="Urgent").pk,
    )
    connecter("agent@ddt.demo")
    _remplir(5, comptes)
    client.get(url)  # creates the delays' configuration row once
    with django_assert_max_num_queries(REQUETES_AU_PLUS) as peu:
        page = client.get(url)
    assert len(page.context["page"].object_list) == 5
    _remplir(45, comptes)
    with django_assert_max_num_queries(REQUETES_AU_PLUS) as beaucoup:
        page = client.get(url)
    assert len(page.context["page"].object_list) == 50
    assert len(beaucoup.captured_queries) == len(peu.captured_queries)
    # Written without the services (no new version of the cached figures): the tab shown and
    # its pages are counted at each display all the same.
    assert page.context["page"].paginator.count == 50
    assert [o["nombre"] for o in page.context["onglets"] if o["actif"]] == [50]


def test_les_deux_facons_de_compter_les_themes_et_les_communes_concordent(comptes, jeu):
    """The cached figures count themes through the demandes' join to them, by status
    (``repartition_par_statut``); a filtered view counts them on the links of whatever it keeps
    (``repartition``). Over the same demandes, with a demande of two themes and one of none,
    they agree for every tab's statuses."""
    deux_themes = creer(comptes, titre="Voirie et eau", themes=("mobilite", "eau-potable"))
    # Filed with a theme, which was then taken off (in the administration, say).
    sans_theme = creer(comptes, "90010", titre="Sans thème")
    sans_theme.thematiques.clear()
    assert deux_themes.thematiques.count() == 2 and not sans_theme.thematiques.exists()
    agent = comptes["agent@ddt.demo"]
    visibles = selectors.demandes_du_tableau(agent)
    generaux = selectors.repartition_par_statut(visibles, agent)

    for _, statuts in filtres.ONGLETS.values():
        if statuts is None:
            continue
        du_tab = selectors.repartition(visibles.filter(statut__in=statuts), agent)
        assert selectors.par_thematique(generaux, statuts) == selectors.par_thematique(du_tab)
        assert selectors.par_commune(generaux, statuts) == selectors.par_commune(du_tab)
    assert selectors.par_thematique(generaux) == selectors.par_thematique(
        selectors.repartition(visibles, agent)
    )
    par_nom = {nom: n for nom, _, n in selectors.par_thematique(generaux)}
    assert par_nom["Mobilité"] == 2 and par_nom["Eau potable"] == 2
