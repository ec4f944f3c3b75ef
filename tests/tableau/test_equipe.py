"""The State team's tools on the dashboard: follow, labels, saved views, « what changed »."""

import pytest

from demandes import services
from demandes.models import Etiquette, Suivi
from tableau.models import VueEnregistree

from .conftest import references

pytestmark = pytest.mark.django_db


def action(client, demandes, nom, **autres):
    return client.post(
        "/tableau-de-bord/actions/",
        {"demandes": [d.pk for d in demandes], "action": nom, **autres},
        follow=True,
    )


def test_suivre_en_masse_met_les_demandes_dans_l_onglet_suivies(client, connecter, jeu):
    connecter("agent@ddt.demo")
    page = action(client, [jeu["eau"], jeu["ecole"]], "suivre").content.decode()
    assert "Vous suivez :" in page
    suivies = references(client.get("/tableau-de-bord/?onglet=suivies"))
    assert suivies == {jeu["eau"].reference, jeu["ecole"].reference, jeu["prise"].reference}
    action(client, [jeu["eau"]], "ne_plus_suivre")
    assert jeu["eau"].reference not in references(client.get("/tableau-de-bord/?onglet=suivies"))


def test_les_etiquettes_se_posent_en_masse_et_filtrent(client, connecter, jeu):
    urgent = Etiquette.objects.get(nom="Urgent")
    connecter("prefet@prefecture.demo")
    sans = action(client, [jeu["eau"]], "etiqueter")
    assert "Choisissez l&#x27;étiquette." in sans.content.decode()
    page = action(client, [jeu["eau"], jeu["orientee"]], "etiqueter", etiquette=urgent.pk)
    assert "Étiquette « Urgent » posée sur" in page.content.decode()
    filtree = client.get(f"/tableau-de-bord/?onglet=toutes&etiquette={urgent.pk}")
    assert references(filtree) == {jeu["eau"].reference, jeu["orientee"].reference}
    assert "guichet-etiquette--pink-tuile" in filtree.content.decode()
    action(client, [jeu["eau"]], "retirer_etiquette", etiquette=urgent.pk)
    assert list(urgent.demandes.all()) == [jeu["orientee"]]


def test_enregistrer_retrouver_et_supprimer_une_vue(client, connecter, jeu):
    connecter("agent@ddt.demo")
    client.post(
        "/tableau-de-bord/vues/",
        {"nom": "Delle en attente", "parametres": "onglet=en_attente&q=Delle&page=3&pirate=1"},
    )
    vue = VueEnregistree.objects.get(nom="Delle en attente")
    assert vue.parametres == "onglet=en_attente&q=Delle"
    page = client.get("/tableau-de-bord/").content.decode()
    assert 'href="?onglet=en_attente&amp;q=Delle"' in page
    assert references(client.get(f"/tableau-de-bord/?{vue.parametres}")) == {
        jeu["orientee"].reference
    }
    client.post("/comptes/deconnexion/")
    connecter("prefet@prefecture.demo")
    assert client.post(f"/tableau-de-bord/vues/{vue.pk}/supprimer/").status_code == 404
    client.post("/comptes/deconnexion/")
    connecter("agent@ddt.demo")
    client.post(f"/tableau-de-bord/vues/{vue.pk}/supprimer/")
    assert not VueEnregistree.objects.exists()


def test_une_vue_garde_les_colonnes_choisies(client, connecter, jeu):
    connecter("agent@ddt.demo")
    client.post(
        "/tableau-de-bord/vues/",
        {"nom": "Avec opérateurs", "parametres": "onglet=toutes&colonnes=operateurs&page=2"},
    )
    vue = VueEnregistree.objects.get(nom="Avec opérateurs")
    assert vue.parametres == "colonnes=operateurs&onglet=toutes"
    page = client.get(f"/tableau-de-bord/?{vue.parametres}")
    assert page.context["colonnes_affichees"] == {"operateurs"}


def test_une_vue_sans_nom_est_refusee(client, connecter, jeu):
    connecter("agent@ddt.demo")
    page = client.post("/tableau-de-bord/vues/", {"nom": "  ", "parametres": "q=x"}, follow=True)
    assert "Donnez un nom à la vue" in page.content.decode()
    assert not VueEnregistree.objects.exists()


def test_le_badge_signale_ce_qui_a_change_depuis_la_derniere_lecture(
    client, connecter, jeu, comptes
):
    demande = jeu["prise"]
    connecter("agent@ddt.demo")
    client.get(f"/demandes/{demande.pk}/")
    assert Suivi.objects.get(user=comptes["agent@ddt.demo"], demande=demande).vu_le is not None

    def nouveautes():
        page = client.get("/tableau-de-bord/?onglet=suivies")
        return {d.reference: d.nouveautes for d in page.context["page"].object_list}[
            demande.reference
        ]

    assert nouveautes() == []
    services.envoyer_message(demande=demande, par=comptes["agent@ddt.demo"], texte="Ma propre note")
    assert nouveautes() == [], "ses propres messages ne sont pas une nouveauté"
    services.envoyer_message(
        demande=demande, par=comptes["maire@belfort.demo"], texte="Voici le plan"
    )
    assert nouveautes() == ["Nouveau message"]
    assert "Nouveau message" in client.get("/tableau-de-bord/?onglet=suivies").content.decode()
    client.get(f"/demandes/{demande.pk}/")
    assert nouveautes() == []


def test_les_vues_d_un_agent_ne_sont_qu_a_lui(client, connecter, comptes):
    for email, nom in (("agent@ddt.demo", "Mes dépôts"), ("prefet@prefecture.demo", "Préfète")):
        VueEnregistree.objects.create(user=comptes[email], nom=nom, parametres="onglet=toutes")
    connecter("agent@ddt.demo")
    page = client.get("/tableau-de-bord/").content.decode()
    assert "Mes dépôts" in page and "Préfète" not in page
