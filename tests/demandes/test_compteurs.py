"""The dashboard's counters are cached between two changes, and never wrong after one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demandes.models import Demande, Etiquette, Statut

pytestmark = pytest.mark.django_db


def _afficher(client, url="/tableau-de-bord/"):
    with CaptureQueriesContext(connection) as requetes:
        page = client.get(url)
    assert page.status_code == 200
    return page, len(requetes.captured_queries)


def _onglets(page):
    return {o["cle"]: o["nombre"] for o in page.context["onglets"]}


def _par_statut(page):
    return {cle: nombre for _, cle, nombre in page.context["chiffres"]["par_statut"]}


def test_le_second_affichage_lit_les_compteurs_dans_le_cache(client, connecter, jeu):
    connecter("agent@ddt.demo")
    client.get("/tableau-de-bord/")  # creates the delays' configuration row once
    from django.core.cache import cache

    cache.clear()
    premier, a_froid = _afficher(client)
    second, a_chaud = _afficher(client)
    # Tab counts, suivies, key figures, themes, communes: at least five queries saved.
    assert a_chaud <= a_froid - 5
    assert _onglets(second) == _onglets(premier)
    assert second.context["chiffres"] == premier.context["chiffres"]
    assert _onglets(second)["a_traiter"] == 2


def test_une_action_de_l_agent_se_voit_aussitot_dans_les_compteurs(client, connecter, jeu):
    connecter("agent@ddt.demo")
    avant, _ = _afficher(client)
    assert _onglets(avant)["a_traiter"] == 2
    assert _par_statut(avant)[Statut.DEPOSEE] == 2
    client.post(
        "/tableau-de-bord/actions/", {"demandes": [jeu["eau"].pk], "action": "prendre_en_charge"}
    )
    apres, _ = _afficher(client)
    assert _onglets(apres)["a_traiter"] == 1
    assert _par_statut(apres)[Statut.DEPOSEE] == 1
    assert _par_statut(apres)[Statut.EN_INSTRUCTION] == 2
    assert "À traiter (1)" in apres.content.decode()


def test_un_nouveau_depot_se_voit_aussitot(client, connecter, jeu, comptes):
    from .conftest import creer

    connecter("prefet@prefecture.demo")
    assert _onglets(_afficher(client)[0])["a_traiter"] == 2
    creer(comptes, titre="Nouvelle salle des fêtes")
    page, _ = _afficher(client)
    assert _onglets(page)["a_traiter"] == 3
    assert "Nouvelle salle des fêtes" in page.content.decode()


def test_suivre_compte_aussitot_dans_l_onglet_suivies(client, connecter, jeu):
    connecter("agent@ddt.demo")
    assert _onglets(_afficher(client)[0])["suivies"] == 1  # the one the agent refers
    client.post("/tableau-de-bord/actions/", {"demandes": [jeu["eau"].pk], "action": "suivre"})
    assert _onglets(_afficher(client)[0])["suivies"] == 2
    # The préfet follows nothing and refers « orientee »: the tab is the person's own.
    client.post("/comptes/deconnexion/")
    connecter("prefet@prefecture.demo")
    assert _onglets(_afficher(client)[0])["suivies"] == 1


def test_lire_une_demande_ne_vide_pas_le_cache(client, connecter, jeu):
    connecter("agent@ddt.demo")
    _afficher(client)  # creates the delays' configuration row once (a change of the delays)
    _afficher(client)
    _, a_chaud = _afficher(client)
    assert client.get(jeu["eau"].get_absolute_url()).status_code == 200  # saves its Suivi
    _, apres_lecture = _afficher(client)
    assert apres_lecture == a_chaud


def test_une_etiquette_posee_compte_aussitot_sous_son_filtre(client, connecter, jeu):
    etiquette = Etiquette.objects.create(nom="À relire en équipe")
    connecter("agent@ddt.demo")
    url = f"/tableau-de-bord/?onglet=toutes&etiquette={etiquette.pk}"
    assert _onglets(_afficher(client, url)[0])["toutes"] == 0
    client.post(
        "/tableau-de-bord/actions/",
        {"demandes": [jeu["eau"].pk], "action": "etiqueter", "etiquette": etiquette.pk},
    )
    page, _ = _afficher(client, url)
    assert _onglets(page)["toutes"] == 1
    assert page.context["page"].paginator.count == 1


def test_les_filtres_ont_chacun_leurs_compteurs(client, connecter, jeu):
    connecter("agent@ddt.demo")
    toutes = _onglets(_afficher(client, "/tableau-de-bord/?onglet=toutes")[0])
    delle = _onglets(_afficher(client, "/tableau-de-bord/?onglet=toutes&q=Delle&statut=deposee")[0])
    assert toutes["toutes"] == 4
    assert delle["toutes"] == 1


def test_mes_demandes_ne_se_partagent_pas_entre_agents(client, connecter, jeu):
    url = "/tableau-de-bord/?onglet=toutes&mes_demandes=on"
    connecter("agent@ddt.demo")
    assert _onglets(_afficher(client, url)[0])["toutes"] == 1  # « prise »
    client.post("/comptes/deconnexion/")
    connecter("prefet@prefecture.demo")
    assert _onglets(_afficher(client, url)[0])["toutes"] == 1  # « orientee »
    assert {d.reference for d in _afficher(client, url)[0].context["page"].object_list} == {
        jeu["orientee"].reference
    }


def test_sans_cache_joignable_le_tableau_de_bord_et_les_actions_marchent(
    client, connecter, jeu, settings, caplog
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    connecter("agent@ddt.demo")
    page, _ = _afficher(client)
    assert _onglets(page)["a_traiter"] == 2
    client.post(
        "/tableau-de-bord/actions/", {"demandes": [jeu["eau"].pk], "action": "prendre_en_charge"}
    )
    assert Demande.objects.get(pk=jeu["eau"].pk).statut == Statut.EN_INSTRUCTION
    assert _onglets(_afficher(client)[0])["a_traiter"] == 1
    assert "Cache injoignable" in caplog.text


def test_le_cache_partage_sur_redis(client, connecter, jeu, settings, redis_url):
    # The tests' Redis database: emptying it (cache.clear()) empties nothing else.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "guichet-test",
        }
    }
    from django.core.cache import cache

    cache.clear()
    connecter("agent@ddt.demo")
    _, a_froid = _afficher(client)
    _, a_chaud = _afficher(client)
    assert a_chaud < a_froid
    client.post(
        "/tableau-de-bord/actions/", {"demandes": [jeu["eau"].pk], "action": "prendre_en_charge"}
    )
    assert _onglets(_afficher(client)[0])["a_traiter"] == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="vecteur de recherche stocké : PostgreSQL seulement"
)
def test_la_recherche_suit_les_modifications_et_trouve_une_reference(client, connecter, jeu):
    connecter("agent@ddt.demo")
    url = "/tableau-de-bord/?onglet=toutes&q="
    assert _afficher(client, url + "gymnase")[0].context["page"].paginator.count == 0
    # Even a bulk update, which no Django signal sees, refreshes the stored vector.
    Demande.objects.filter(pk=jeu["eau"].pk).update(titre="Gymnase intercommunal")
    from django.core.cache import cache

    cache.clear()  # a bulk update does not reach the counters: the test starts them afresh
    trouvees = _afficher(client, url + "gymnases")[0].context["page"].object_list
    assert [d.reference for d in trouvees] == [jeu["eau"].reference]
    par_reference = _afficher(client, url + jeu["ecole"].reference.lower())[0]
    assert [d.reference for d in par_reference.context["page"].object_list] == [
        jeu["ecole"].reference
    ]


def test_suivies_compte_une_fois_ce_qui_est_a_la_fois_confie_et_suivi(client, connecter, jeu):
    connecter("agent@ddt.demo")
    # « prise » is the agent's (referent); following it too must not count it twice.
    client.post("/tableau-de-bord/actions/", {"demandes": [jeu["prise"].pk], "action": "suivre"})
    client.post("/tableau-de-bord/actions/", {"demandes": [jeu["eau"].pk], "action": "suivre"})
    page, _ = _afficher(client, "/tableau-de-bord/?onglet=suivies")
    assert _onglets(page)["suivies"] == 2
    assert page.context["page"].paginator.count == 2
    # Under a filter, only what the filter keeps.
    filtree, _ = _afficher(client, "/tableau-de-bord/?onglet=suivies&statut=deposee")
    assert _onglets(filtree)["suivies"] == 1


def test_les_delais_medians_portent_sur_les_douze_derniers_mois(client, connecter, jeu):
    import datetime

    from django.utils import timezone

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
    chiffres = _afficher(client)[0].context["chiffres"]
    assert chiffres["mediane_prise_en_charge"] == 4.0
    assert "sur 12 mois" in _afficher(client)[0].content.decode()


def test_les_chiffres_recomptes_par_le_worker_sont_ceux_que_lit_la_page(client, connecter, jeu):
    from demandes import tasks

    connecter("agent@ddt.demo")
    client.get("/tableau-de-bord/")  # creates the delays' configuration row once
    from django.core.cache import cache

    cache.clear()
    _, a_froid = _afficher(client)
    cache.clear()
    tasks.recompter_le_tableau()  # what the worker does after a change, and every minute
    page, apres_recomptage = _afficher(client)
    # Only the person's own « Suivies » and the page itself are left to count.
    assert apres_recomptage <= a_froid - 3
    assert _onglets(page)["a_traiter"] == 2
    assert page.context["chiffres"]["ce_mois"] == 4


def _ligne(page, demande):
    """The HTML of ``demande``'s row in the dashboard's table."""
    contenu = page.content.decode()
    debut = contenu.index(f'value="{demande.pk}" id="choix-{demande.pk}"')
    return contenu[debut : contenu.index("</tr>", debut)]


def test_une_ligne_en_cache_suit_sa_demande(client, connecter, jeu):
    connecter("agent@ddt.demo")
    avant, _ = _afficher(client)
    assert "Sécurisation de l" in _ligne(avant, jeu["eau"])
    demande = Demande.objects.get(pk=jeu["eau"].pk)
    demande.titre = "Réseau communal de Delle"
    demande.save()
    apres = _ligne(_afficher(client)[0], jeu["eau"])
    assert "Réseau communal de Delle" in apres and "Sécurisation" not in apres


def test_une_ligne_suivie_ne_l_est_que_pour_qui_la_suit(client, connecter, jeu):
    connecter("agent@ddt.demo")
    assert "Suivie" not in _ligne(_afficher(client)[0], jeu["eau"])
    client.post("/tableau-de-bord/actions/", {"demandes": [jeu["eau"].pk], "action": "suivre"})
    assert "Suivie" in _ligne(_afficher(client)[0], jeu["eau"])
    client.post("/comptes/deconnexion/")
    connecter("prefet@prefecture.demo")
    assert "Suivie" not in _ligne(_afficher(client)[0], jeu["eau"])


def test_les_listes_des_filtres_et_des_actions_suivent_le_referentiel(client, connecter, jeu):
    connecter("agent@ddt.demo")
    assert "Dossier prioritaire" not in _afficher(client)[0].content.decode()
    etiquette = Etiquette.objects.create(nom="Dossier prioritaire")
    contenu = _afficher(client)[0].content.decode()
    # In the filters' select and in the bulk actions' one.
    assert contenu.count(f'<option value="{etiquette.pk}">Dossier prioritaire</option>') == 2
    filtree = _afficher(client, f"/tableau-de-bord/?etiquette={etiquette.pk}")[0]
    assert f'<option value="{etiquette.pk}" selected>Dossier prioritaire</option>' in (
        filtree.content.decode()
    )
    etiquette.delete()
    assert "Dossier prioritaire" not in _afficher(client)[0].content.decode()


def test_une_seule_ligne_changee_est_rendue_de_nouveau(client, connecter, jeu, monkeypatch):
    from demandes.views import tableau as vue

    rendues = []
    gabarit = vue.get_template(vue.LIGNE)

    class Compteur:
        def render(self, contexte):
            rendues.append(contexte["reference"])
            return gabarit.render(contexte)

    monkeypatch.setattr(vue, "get_template", lambda nom: Compteur())
    connecter("agent@ddt.demo")
    _afficher(client)
    assert sorted(rendues) == sorted([jeu["eau"].reference, jeu["ecole"].reference])
    rendues.clear()
    _afficher(client)
    assert rendues == []  # the whole table read at once
    Demande.objects.filter(pk=jeu["ecole"].pk).update(titre="École Jean-Jaurès, tranche 2")
    page, _ = _afficher(client)
    assert rendues == [jeu["ecole"].reference]  # the other row comes from the cache
    assert "tranche 2" in _ligne(page, jeu["ecole"])
    assert "Sécurisation de l" in _ligne(page, jeu["eau"])


def test_un_affichage_en_regime_lit_le_cache_deux_fois(client, connecter, jeu, monkeypatch):
    """The generations with every figure, then every fragment with the rows: two round trips
    to the cache, however many figures and rows the page shows."""
    from django.core.cache import cache

    from demandes import compteurs

    connecter("agent@ddt.demo")
    _afficher(client)  # creates the delays' configuration row once
    _afficher(client)
    lectures = []

    class Espion:
        """The cache, each read noted."""

        def __getattr__(self, nom):
            methode = getattr(cache, nom)
            if nom not in ("get", "get_many"):
                return methode

            def lire(*args, **kwargs):
                lectures.append(nom)
                return methode(*args, **kwargs)

            return lire

    monkeypatch.setattr(compteurs, "cache", Espion())
    page, _ = _afficher(client)
    assert _onglets(page)["a_traiter"] == 2
    assert lectures == ["get_many"] * 2
