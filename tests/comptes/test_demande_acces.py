"""Access requests: a person without attachment asks; the State validates or refuses."""

import html
import re

import pytest
from django.core import mail

from guichet.comptes.models import DemandeAcces, Rattachement, StatutDemandeAcces, User
from guichet.comptes.roles import Role
from guichet.comptes.services import demander_acces
from guichet.notifications.models import Notification
from guichet.territoire.models import Collectivite

pytestmark = pytest.mark.django_db

MOT_DE_PASSE = "un-mot-de-passe-solide"


def texte(reponse):
    return html.unescape(reponse.content.decode())


@pytest.fixture
def nouvelle(comptes):
    return User.objects.create_user(
        "chloe.muller@exemple.fr", MOT_DE_PASSE, prenom="Chloé", nom="Muller"
    )


@pytest.fixture
def delle(db):
    return Collectivite.objects.get(code_insee="90033")


@pytest.fixture
def en_attente(nouvelle, delle):
    return demander_acces(user=nouvelle, collectivite=delle, fonction="Secrétaire de mairie")


def test_une_personne_sans_rattachement_demande_l_acces_et_l_etat_est_prevenu(
    client, nouvelle, delle, comptes
):
    client.force_login(nouvelle)
    assert "Demandez l'accès à votre collectivité" in texte(client.get("/"))
    reponse = client.post(
        "/comptes/demande-acces/",
        {"collectivite": delle.pk, "fonction": "Secrétaire de mairie", "message": "Bonjour"},
    )
    assert reponse.status_code == 302
    demande = DemandeAcces.objects.get(user=nouvelle)
    assert (demande.collectivite, demande.statut) == (delle, StatutDemandeAcces.EN_ATTENTE)
    page = texte(client.get("/comptes/demande-acces/"))
    assert "En attente de validation par la préfecture" in page
    assert "la commune de Delle" in page
    assert "Votre demande d'accès est en attente" in texte(client.get("/"))
    prevenus = set(
        Notification.objects.filter(evenement="demande_acces").values_list(
            "destinataire__email", flat=True
        )
    )
    assert prevenus == {"prefet@prefecture.demo", "agent@ddt.demo"}
    assert "Chloé Muller" in Notification.objects.filter(evenement="demande_acces").first().corps


def test_le_siret_proconnect_preselectionne_la_collectivite(client, nouvelle):
    nouvelle.siret = "21900033800017"
    nouvelle.proconnect_sub = "sub-de-test"
    nouvelle.save()
    client.force_login(nouvelle)
    page = texte(client.get("/comptes/demande-acces/"))
    delle = Collectivite.objects.get(siren="219000338")
    assert f'<option value="{delle.pk}" selected>' in page
    assert "d'après le SIRET de votre connexion ProConnect" in page


def test_sans_siret_connu_aucune_collectivite_n_est_preselectionnee(client, nouvelle):
    nouvelle.siret = "99999999900011"
    nouvelle.save()
    client.force_login(nouvelle)
    page = texte(client.get("/comptes/demande-acces/"))
    assert re.search(r'<option value="\d+" selected>', page) is None
    assert "ProConnect" not in page


def test_une_seule_demande_en_attente_a_la_fois(client, nouvelle, delle, en_attente):
    client.force_login(nouvelle)
    belfort = Collectivite.objects.get(code_insee="90010")
    reponse = client.post(
        "/comptes/demande-acces/", {"collectivite": belfort.pk, "fonction": "Maire"}
    )
    assert reponse.status_code == 200
    assert 'name="collectivite"' not in texte(reponse)
    assert DemandeAcces.objects.filter(user=nouvelle).count() == 1
    with pytest.raises(Exception, match="déjà une demande d'accès en attente"):
        demander_acces(user=nouvelle, collectivite=belfort, fonction="Maire")


def test_la_fonction_est_exigee(client, nouvelle, delle):
    client.force_login(nouvelle)
    reponse = client.post("/comptes/demande-acces/", {"collectivite": delle.pk, "fonction": ""})
    assert reponse.status_code == 400
    assert "Indiquez votre fonction." in texte(reponse)
    assert not DemandeAcces.objects.exists()


def test_une_personne_deja_rattachee_ne_demande_pas_l_acces(client, connecter, comptes, delle):
    connecter("maire@delle.demo")
    reponse = client.post("/comptes/demande-acces/", {"collectivite": delle.pk, "fonction": "x"})
    assert "Votre compte a déjà accès au guichet unique" in texte(reponse)
    assert not DemandeAcces.objects.exists()


def test_la_prefecture_valide_la_personne_est_rattachee_et_prevenue(
    client, connecter, nouvelle, delle, en_attente, django_capture_on_commit_callbacks
):
    connecter("prefet@prefecture.demo")
    page = texte(client.get("/tableau-de-bord/acces/"))
    assert "Chloé Muller — Delle" in page and "Secrétaire de mairie" in page
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(f"/tableau-de-bord/acces/{en_attente.pk}/valider/", follow=True)
    assert "Accès validé : Chloé Muller est membre de la commune de Delle" in texte(reponse)
    rattachement = Rattachement.objects.get(user=nouvelle)
    assert (rattachement.collectivite, rattachement.fonction) == (delle, "Secrétaire de mairie")
    en_attente.refresh_from_db()
    assert en_attente.statut == StatutDemandeAcces.VALIDEE
    assert en_attente.traitee_par.email == "prefet@prefecture.demo"
    notification = Notification.objects.get(destinataire=nouvelle, evenement="acces_valide")
    assert "membre de la commune de Delle" in notification.corps
    assert [m.to for m in mail.outbox] == [["chloe.muller@exemple.fr"]]
    # The person now files requests for Delle.
    client.force_login(User.objects.get(pk=nouvelle.pk))
    assert client.get("/demandes/nouvelle/").status_code == 200
    assert User.objects.get(pk=nouvelle.pk).a_le_role(Role.COLLECTIVITE)


def test_une_double_validation_est_refusee_avec_un_message_clair(client, connecter, en_attente):
    connecter("agent@ddt.demo")
    client.post(f"/tableau-de-bord/acces/{en_attente.pk}/valider/")
    reponse = client.post(f"/tableau-de-bord/acces/{en_attente.pk}/valider/", follow=True)
    assert "Cette demande d'accès a déjà été validée par Julien Petit" in texte(reponse)
    assert Notification.objects.filter(evenement="acces_valide").count() == 1
    reponse = client.post(f"/tableau-de-bord/acces/{en_attente.pk}/refuser/", {"motif": "Non"})
    assert reponse.status_code == 400
    assert "déjà été validée" in texte(reponse)
    en_attente.refresh_from_db()
    assert en_attente.statut == StatutDemandeAcces.VALIDEE


def test_le_refus_exige_un_motif_que_la_personne_lit(client, connecter, nouvelle, en_attente):
    connecter("prefet@prefecture.demo")
    url = f"/tableau-de-bord/acces/{en_attente.pk}/refuser/"
    assert client.get(url).status_code == 200
    reponse = client.post(url, {"motif": "   "})
    assert reponse.status_code == 400
    assert "Indiquez le motif du refus" in texte(reponse)
    en_attente.refresh_from_db()
    assert en_attente.en_attente
    reponse = client.post(url, {"motif": "Inconnue de la mairie de Delle."}, follow=True)
    assert "Demande de Chloé Muller refusée" in texte(reponse)
    assert "Inconnue de la mairie de Delle." in texte(reponse)  # recent decisions
    notification = Notification.objects.get(destinataire=nouvelle, evenement="acces_refuse")
    assert "Motif : Inconnue de la mairie de Delle." in notification.corps
    assert not Rattachement.objects.filter(user=nouvelle).exists()
    client.force_login(nouvelle)
    page = texte(client.get("/comptes/demande-acces/"))
    assert "Motif : Inconnue de la mairie de Delle." in page
    assert 'name="collectivite"' in page  # a new request may be made


@pytest.mark.parametrize(
    "email", ["maire@belfort.demo", "contact@cerema.demo", "membre@comite.demo"]
)
def test_qui_n_est_pas_agent_de_l_etat_ne_traite_pas_les_demandes(
    client, connecter, en_attente, email
):
    connecter(email)
    assert client.get("/tableau-de-bord/acces/").status_code == 403
    assert client.post(f"/tableau-de-bord/acces/{en_attente.pk}/valider/").status_code == 403
    reponse = client.post(f"/tableau-de-bord/acces/{en_attente.pk}/refuser/", {"motif": "x"})
    assert reponse.status_code == 403
    en_attente.refresh_from_db()
    assert en_attente.en_attente


def test_une_demande_inconnue_donne_404(client, connecter, comptes):
    connecter("prefet@prefecture.demo")
    assert client.post("/tableau-de-bord/acces/999999/valider/").status_code == 404


def test_l_accueil_de_l_etat_signale_les_demandes_d_acces(client, connecter, en_attente):
    connecter("agent@ddt.demo")
    page = texte(client.get("/"))
    assert '<a href="/tableau-de-bord/acces/">1 demande d\'accès à examiner</a>' in page


def test_la_page_de_validation_coute_un_nombre_borne_de_requetes(
    client, connecter, comptes, delle, django_assert_max_num_queries
):
    for numero in range(8):
        user = User.objects.create_user(f"personne{numero}@exemple.fr", MOT_DE_PASSE)
        demande = demander_acces(user=user, collectivite=delle, fonction="Adjoint")
        if numero % 2:
            from guichet.comptes.services import refuser_demande_acces

            refuser_demande_acces(demande=demande, par=comptes["agent@ddt.demo"], motif="Non")
    connecter("prefet@prefecture.demo")
    with django_assert_max_num_queries(12):
        assert client.get("/tableau-de-bord/acces/").status_code == 200


def test_apres_proconnect_la_collectivite_du_siret_est_proposee(client, proconnect, comptes):
    from urllib.parse import urlsplit

    import requests

    from tests.outils.fournisseur_oidc import identite, s_identifier

    depart = client.get("/comptes/proconnect/connexion/")
    retour = s_identifier(
        requests.Session(),
        depart["Location"],
        "http://testserver",
        identite(sub="mairie-delle", email="accueil@mairie-delle.fr", siret="21900033800017"),
    )
    morceaux = urlsplit(retour)
    arrivee = client.get(f"{morceaux.path}?{morceaux.query}", follow=True)
    # Attached to nothing yet: ProConnect brings the person straight to the access request.
    assert arrivee.redirect_chain[-1][0] == "/comptes/demande-acces/"
    page = texte(arrivee)
    delle = Collectivite.objects.get(siren="219000338")
    assert f'<option value="{delle.pk}" selected>' in page


def test_l_administration_montre_les_demandes_d_acces_en_lecture_seule(
    client, connecter, en_attente, gestionnaire
):
    from guichet.comptes.services import synchroniser_groupes_des_roles

    synchroniser_groupes_des_roles()
    connecter(gestionnaire.email)
    page = texte(client.get("/admin/comptes/demandeacces/"))
    assert "Chloé Muller" in page
    assert client.get("/admin/comptes/demandeacces/add/").status_code == 403
    reponse = client.post(
        f"/admin/comptes/demandeacces/{en_attente.pk}/change/", {"statut": "validee"}
    )
    assert reponse.status_code == 403
    en_attente.refresh_from_db()
    assert en_attente.en_attente
