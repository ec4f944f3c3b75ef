import pytest

from comite.models import Seance
from demandes import services as demandes
from tests.demandes.conftest import creer

from .conftest import orienter

pytestmark = pytest.mark.django_db


def test_une_collectivite_ou_un_operateur_n_a_pas_acces_a_la_liste(client, connecter, comite):
    connecter("maire@delle.demo")
    assert client.get("/comite/seances/").status_code == 403
    client.post("/comptes/deconnexion/")
    connecter("contact@cerema.demo")
    assert client.get("/comite/seances/").status_code == 403


def test_un_visiteur_anonyme_est_renvoye_a_la_connexion(client, seance):
    reponse = client.get(f"/comite/seances/{seance.pk}/")
    assert reponse.status_code == 302
    assert reponse["Location"].startswith("/comptes/connexion/")


def test_l_etat_voit_la_seance_en_preparation_le_membre_non(client, connecter, seance):
    connecter("agent@ddt.demo")
    assert client.get("/comite/seances/").context["a_venir"] == [seance]
    assert client.get(f"/comite/seances/{seance.pk}/").status_code == 200
    client.post("/comptes/deconnexion/")
    connecter("membre@comite.demo")
    liste = client.get("/comite/seances/").context
    assert (liste["a_venir"], liste["passees"]) == ([], [])
    assert client.get(f"/comite/seances/{seance.pk}/").status_code == 404


def test_un_membre_ne_voit_pas_la_demande_avant_la_publication(
    client, connecter, comptes, seance, orientee
):
    from comite import services

    services.inscrire_demande(
        seance=seance, par=comptes["prefet@prefecture.demo"], version=None, demande=orientee
    )
    connecter("membre@comite.demo")
    assert client.get(f"/demandes/{orientee.pk}/").status_code == 404


def test_un_membre_voit_l_ordre_du_jour_publie_et_ouvre_ses_demandes(
    client, connecter, seance_publiee, orientee
):
    connecter("membre@comite.demo")
    page = client.get(f"/comite/seances/{seance_publiee.pk}/")
    contenu = page.content.decode()
    assert page.status_code == 200
    assert "1. Rénovation de la salle des fêtes" in contenu
    assert "Étude hydraulique indispensable avant travaux." in contenu
    assert "Le Cerema propose douze jours d&#x27;ingénierie." in contenu
    assert "Crédits DSIL 2031" in contenu
    assert f'href="/demandes/{orientee.pk}/"' in contenu
    assert client.get(f"/demandes/{orientee.pk}/").status_code == 200
    assert client.get("/comite/seances/").context["a_venir"] == [seance_publiee]


def test_un_membre_recoit_404_sur_une_demande_hors_ordre_du_jour(
    client, connecter, comptes, seance_publiee
):
    autre = creer(comptes, "90010", titre="Autre projet")
    connecter("membre@comite.demo")
    assert client.get(f"/demandes/{autre.pk}/").status_code == 404


def test_une_demande_d_un_autre_comite_reste_cachee(client, connecter, comptes, seance_publiee):
    from comite import services
    from comite.models import Qualite
    from guichet.territoire.models import Departement

    autre_comite = services.comite_du_departement(Departement.objects.get(code="25"))
    services.ajouter_membre(
        comite=autre_comite, user=comptes["contact@anru.demo"], qualite=Qualite.OPERATEUR
    )
    connecter("contact@anru.demo")
    assert client.get(f"/comite/seances/{seance_publiee.pk}/").status_code == 404


def test_la_collectivite_voit_l_ordre_du_jour_public_sans_point_interne_ni_avis(
    client, connecter, seance_publiee
):
    connecter("maire@delle.demo")
    page = client.get(f"/comite/seances/{seance_publiee.pk}/")
    contenu = page.content.decode()
    assert page.status_code == 200
    assert "Rénovation de la salle des fêtes" in contenu
    assert "Point d&#x27;étape PVD" in contenu
    assert "Crédits DSIL 2031" not in contenu
    assert "Étude hydraulique indispensable" not in contenu
    assert "2. Point d&#x27;étape PVD" in contenu
    pdf = client.get(f"/comite/seances/{seance_publiee.pk}/ordre-du-jour.pdf")
    assert pdf.status_code == 200
    ics = client.get(f"/comite/seances/{seance_publiee.pk}/invitation.ics").content.decode()
    assert "DSIL" not in ics


def test_une_autre_commune_recoit_404(client, connecter, seance_publiee):
    connecter("maire@belfort.demo")
    assert client.get(f"/comite/seances/{seance_publiee.pk}/").status_code == 404
    assert client.get(f"/comite/seances/{seance_publiee.pk}/invitation.ics").status_code == 404


def test_un_representant_des_collectivites_ne_voit_pas_les_points_internes(
    client, connecter, comptes, comite, seance_publiee
):
    from comite import services
    from comite.models import Qualite

    services.ajouter_membre(
        comite=comite,
        user=comptes["contact@anah.demo"],
        qualite=Qualite.REPRESENTANT_COLLECTIVITES,
    )
    connecter("contact@anah.demo")
    contenu = client.get(f"/comite/seances/{seance_publiee.pk}/").content.decode()
    assert "Point d&#x27;étape PVD" in contenu
    assert "Crédits DSIL 2031" not in contenu


def test_seule_l_etat_agit_sur_la_seance(client, connecter, seance_publiee):
    connecter("membre@comite.demo")
    point = seance_publiee.points.first()
    assert client.post(f"/comite/seances/{seance_publiee.pk}/clore/").status_code == 403
    assert (
        client.get(f"/comite/seances/{seance_publiee.pk}/points/{point.pk}/decision/").status_code
        == 403
    )
    assert client.post("/comite/seances/nouvelle/", {}).status_code == 403
    assert Seance.objects.get(pk=seance_publiee.pk).statut == "ordre_du_jour_publie"


def test_un_identifiant_inconnu_donne_404(client, connecter, seance, comptes):
    connecter("agent@ddt.demo")
    assert client.get("/comite/seances/999999/").status_code == 404
    assert client.get(f"/comite/seances/{seance.pk}/points/999999/decision/").status_code == 404


def test_la_page_de_l_etat_coute_un_nombre_fixe_de_requetes(
    client, connecter, comptes, seance_publiee, django_assert_max_num_queries
):
    from comite import services

    for titre in ("Projet A", "Projet B", "Projet C"):
        demande = creer(comptes, titre=titre)
        demande = demandes.prendre_en_charge(
            demande=demande, par=comptes["agent@ddt.demo"], version=demande.version
        )
        demande = orienter(comptes, demande)
        services.inscrire_demande(
            seance=seance_publiee, par=comptes["agent@ddt.demo"], version=None, demande=demande
        )
    connecter("agent@ddt.demo")
    with django_assert_max_num_queries(40):
        assert client.get(f"/comite/seances/{seance_publiee.pk}/").status_code == 200
