from urllib.parse import urlencode

import pytest

from demandes.models import Statut
from guichet.comptes.models import User
from guichet.comptes.services import detacher, rattacher
from guichet.notifications.models import Notification
from guichet.territoire.models import Operateur, Thematique
from operateurs.models import StatutOrientation

pytestmark = pytest.mark.django_db


def test_la_boite_montre_exactement_les_demandes_orientees(
    client, connecter, orientee_cerema, brouillon_delle
):
    demande, _ = orientee_cerema
    connecter("contact@cerema.demo")
    page = client.get("/operateurs/demandes/")
    contenu = page.content.decode()
    assert [o.demande for o in page.context["page"].object_list] == [demande]
    assert "1 demande attend votre réponse." in contenu
    assert "À répondre" in contenu
    client.post("/comptes/deconnexion/")
    connecter("contact@ademe.demo")
    assert list(client.get("/operateurs/demandes/").context["page"].object_list) == []


def test_le_filtre_des_communes_ne_nomme_que_celles_de_ses_demandes(
    client, connecter, orientee_cerema
):
    """Not every commune of the instance (all of France's once loaded): those of the demandes
    routed to the operator, here Delle alone; none for an operator with no routing."""
    connecter("contact@cerema.demo")
    page = client.get("/operateurs/demandes/")
    assert [c.nom for c in page.context["communes"]] == ["Delle"]
    assert '<option value="">Toutes</option><option value="' in page.content.decode()
    assert ">Belfort</option>" not in page.content.decode()
    client.post("/comptes/deconnexion/")
    connecter("contact@ademe.demo")
    assert list(client.get("/operateurs/demandes/").context["communes"]) == []


def test_seul_un_operateur_a_une_boite(client, connecter, comptes):
    connecter("maire@delle.demo")
    assert client.get("/operateurs/demandes/").status_code == 403


def test_un_autre_operateur_recoit_404_partout(client, connecter, orientee_cerema):
    demande, orientation = orientee_cerema
    piece = demande.pieces.first()
    connecter("contact@ademe.demo")
    for url in [
        f"/demandes/{demande.pk}/",
        f"/demandes/{demande.pk}/documents/{piece.pk}/",
        f"/operateurs/orientations/{orientation.pk}/accepter/",
        f"/operateurs/orientations/{orientation.pk}/decliner/",
        f"/operateurs/orientations/{orientation.pk}/avis/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/operateurs/orientations/{orientation.pk}/terminer/").status_code == 404
    assert client.post(f"/demandes/{demande.pk}/messages/", {"texte": "x"}).status_code == 404


def test_accepter_en_nommant_la_personne_en_charge(client, connecter, orientee_cerema, comptes):
    demande, orientation = orientee_cerema
    collegue = User.objects.create_user(
        "collegue@cerema.demo", "un-mot-de-passe-solide", prenom="Marc"
    )
    rattacher(user=collegue, operateur=Operateur.objects.get(slug="cerema"))
    connecter("contact@cerema.demo")
    page = client.get(f"/demandes/{demande.pk}/").content.decode()
    assert "Réponse du Cerema" in page and "Accepter" in page
    client.post(
        f"/operateurs/orientations/{orientation.pk}/accepter/", {"responsable": collegue.pk}
    )
    orientation.refresh_from_db()
    assert (orientation.statut, orientation.responsable) == (StatutOrientation.ACCEPTEE, collegue)
    destinataires = set(
        Notification.objects.filter(evenement="operateur_accepte").values_list(
            "destinataire__email", flat=True
        )
    )
    assert destinataires == {"agent@ddt.demo"}


def test_on_ne_nomme_pas_quelqu_un_d_un_autre_operateur(
    client, connecter, orientee_cerema, comptes
):
    _, orientation = orientee_cerema
    connecter("contact@cerema.demo")
    reponse = client.post(
        f"/operateurs/orientations/{orientation.pk}/accepter/",
        {"responsable": comptes["contact@anah.demo"].pk},
    )
    assert reponse.status_code == 400
    assert "Sélectionnez un choix valide" in reponse.content.decode()


def test_decliner_retire_l_acces_et_previent_le_referent(client, connecter, orientee_cerema):
    demande, orientation = orientee_cerema
    connecter("contact@cerema.demo")
    vide = client.post(f"/operateurs/orientations/{orientation.pk}/decliner/", {"motif": "  "})
    assert "Indiquez pourquoi vous déclinez." in vide.content.decode()
    client.post(
        f"/operateurs/orientations/{orientation.pk}/decliner/", {"motif": "Hors de notre champ"}
    )
    orientation.refresh_from_db()
    assert (orientation.statut, orientation.motif_refus) == (
        StatutOrientation.DECLINEE,
        "Hors de notre champ",
    )
    assert client.get(f"/demandes/{demande.pk}/").status_code == 404
    assert list(client.get("/operateurs/demandes/").context["page"].object_list) == []
    assert Notification.objects.filter(
        evenement="operateur_decline", destinataire__email="agent@ddt.demo"
    ).exists()
    client.post("/comptes/deconnexion/")
    connecter("maire@delle.demo")
    assert "Hors de notre champ" not in client.get(f"/demandes/{demande.pk}/").content.decode()


def test_avis_et_offre_puis_appui_termine(client, connecter, orientee_cerema):
    demande, orientation = orientee_cerema
    connecter("contact@cerema.demo")
    avant = client.post(
        f"/operateurs/orientations/{orientation.pk}/avis/",
        {"avis": "x", "type_offre": "etude", "description": "y"},
    )
    assert "Impossible" in avant.content.decode()
    client.post(f"/operateurs/orientations/{orientation.pk}/accepter/", {})
    erreurs = client.post(
        f"/operateurs/orientations/{orientation.pk}/avis/",
        {"avis": "", "type_offre": "pirate", "montant": "-4", "description": ""},
    ).content.decode()
    assert "Rédigez votre avis." in erreurs
    assert "Sélectionnez un choix valide" in erreurs
    assert "supérieure ou égale à 0" in erreurs
    client.post(
        f"/operateurs/orientations/{orientation.pk}/avis/",
        {
            "avis": "Projet pertinent, bassin versant à étudier",
            "type_offre": "etude",
            "jours": "12",
            "description": "Étude hydraulique de 12 jours",
        },
    )
    orientation.refresh_from_db()
    assert (orientation.type_offre, orientation.jours_estimes) == ("etude", 12)
    assert Notification.objects.filter(
        evenement="offre_operateur", destinataire__email="maire@delle.demo"
    ).exists()
    client.post("/comptes/deconnexion/")
    connecter("maire@delle.demo")
    page = client.get(f"/demandes/{demande.pk}/").content.decode()
    assert "Étude hydraulique de 12 jours" in page
    assert "bassin versant" not in page, "l'avis est pour l'État et le comité"
    client.post("/comptes/deconnexion/")
    connecter("contact@cerema.demo")
    client.post(f"/operateurs/orientations/{orientation.pk}/terminer/")
    orientation.refresh_from_db()
    assert orientation.statut == StatutOrientation.TERMINEE


def test_l_operateur_ecrit_a_la_collectivite_et_a_l_etat(client, connecter, orientee_cerema):
    demande, _ = orientee_cerema
    connecter("contact@cerema.demo")
    client.post(f"/demandes/{demande.pk}/messages/", {"texte": "Nous pouvons venir mardi"})
    notifiees = set(
        Notification.objects.filter(evenement="message").values_list(
            "destinataire__email", flat=True
        )
    )
    assert notifiees == {"maire@delle.demo", "agent@ddt.demo"}
    client.post(f"/demandes/{demande.pk}/messages/", {"texte": "Note pour la DDT", "interne": "on"})
    client.post("/comptes/deconnexion/")
    connecter("maire@delle.demo")
    page = client.get(f"/demandes/{demande.pk}/").content.decode()
    assert "Nous pouvons venir mardi" in page and "Note pour la DDT" not in page


def test_ajouter_un_membre_donne_acces_et_le_retirer_l_enleve(client, connecter, orientee_cerema):
    demande, _ = orientee_cerema
    nouveau = User.objects.create_user("nouveau@cerema.demo", "un-mot-de-passe-solide")
    rattachement = rattacher(user=nouveau, operateur=Operateur.objects.get(slug="cerema"))
    connecter("nouveau@cerema.demo", "un-mot-de-passe-solide")
    assert client.get(f"/demandes/{demande.pk}/").status_code == 200
    detacher(rattachement=rattachement)
    assert client.get(f"/demandes/{demande.pk}/").status_code in (403, 404)


def test_l_annuaire_et_la_fiche_sont_ouverts_aux_collectivites(client, connecter, comptes):
    connecter("maire@delle.demo")
    annuaire = client.get("/operateurs/").content.decode()
    assert "Cerema" in annuaire and 'href="/operateurs/cerema/"' in annuaire
    fiche = client.get("/operateurs/cerema/").content.decode()
    assert "Risques et inondation" in fiche
    assert client.get("/operateurs/inconnu/").status_code == 404


def test_la_demande_reste_orientee_quand_un_operateur_decline(orientee_cerema, comptes):
    from operateurs import services

    demande, orientation = orientee_cerema
    services.decliner(orientation=orientation, par=comptes["contact@cerema.demo"], motif="Non")
    demande.refresh_from_db()
    assert demande.statut == Statut.ORIENTEE


@pytest.mark.parametrize(
    "valeur", ["²", "\u0661", "\x00", "\ud800", "abc", "1.5", str(2**63), str(2**70), "x" * 5000]
)
@pytest.mark.parametrize("filtre", ["statut", "thematique", "departement", "commune", "page"])
def test_un_filtre_hostile_de_la_boite_est_ignore(
    client, connecter, orientee_cerema, filtre, valeur
):
    demande, _ = orientee_cerema
    connecter("contact@cerema.demo")
    requete = urlencode({filtre: valeur}, encoding="utf-8", errors="surrogatepass")
    reponse = client.get(f"/operateurs/demandes/?{requete}")
    assert reponse.status_code == 200
    assert [o.demande for o in reponse.context["page"].object_list] == [demande]


def test_les_filtres_valides_de_la_boite_s_appliquent(client, connecter, orientee_cerema):
    demande, _ = orientee_cerema
    connecter("contact@cerema.demo")
    eau = Thematique.objects.get(slug="eau-potable")
    habitat = demande.thematiques.exclude(pk=eau.pk).first()
    vide = client.get("/operateurs/demandes/", {"thematique": eau.pk})
    assert list(vide.context["page"].object_list) == []
    reponse = client.get(
        "/operateurs/demandes/",
        {"thematique": habitat.pk, "commune": demande.collectivite_id, "statut": "proposee"},
    )
    assert [o.demande for o in reponse.context["page"].object_list] == [demande]
    assert f'<option value="{habitat.pk}" selected>' in reponse.content.decode()


def test_la_boite_accorde_le_nombre_de_demandes_qui_attendent(
    client, connecter, orientee_cerema, comptes
):
    from demandes import services
    from tests.demandes.conftest import donnees_completes

    connecter("contact@ademe.demo")
    assert "Aucune demande n'attend votre réponse." in (
        client.get("/operateurs/demandes/").content.decode()
    )
    ademe = Operateur.objects.filter(slug="ademe")
    demande, _ = orientee_cerema
    services.orienter_demande(
        demande=demande, par=comptes["agent@ddt.demo"], version=demande.version, operateurs=ademe
    )
    assert "1 demande attend votre réponse." in client.get("/operateurs/demandes/").content.decode()
    autre = services.creer_brouillon(
        collectivite=demande.collectivite,
        par=comptes["maire@delle.demo"],
        donnees=donnees_completes(titre="Autre projet"),
        thematiques=Thematique.objects.filter(slug="habitat"),
    )
    autre = services.deposer_demande(
        demande=autre, par=comptes["maire@delle.demo"], version=autre.version
    )
    autre = services.prendre_en_charge(
        demande=autre, par=comptes["agent@ddt.demo"], version=autre.version
    )
    services.orienter_demande(
        demande=autre, par=comptes["agent@ddt.demo"], version=autre.version, operateurs=ademe
    )
    assert "2 demandes attendent votre réponse." in (
        client.get("/operateurs/demandes/").content.decode()
    )
