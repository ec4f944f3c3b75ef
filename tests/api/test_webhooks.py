"""Webhooks: an organisation subscribes an address; each event of a demande it sees is sent,
signed, to a real receiver on the loopback; failures are retried with growing delays, and a
subscription that keeps failing is disabled and its owner told."""

import datetime
import json

import pytest
from django.utils import timezone

from api import services as api_services
from api import tasks
from api.models import Abonnement, EnvoiWebhook, StatutEnvoiWebhook
from demandes import services
from guichet.comptes.organisations import Organisation
from guichet.notifications.models import Notification
from guichet.territoire.models import Departement, Operateur
from tests.demandes.conftest import creer
from tests.outils.recepteur_webhooks import Recepteur

pytestmark = pytest.mark.django_db
TOUS = ["demande.deposee", "demande.orientee", "demande.statut_modifie", "demande.decision"]


@pytest.fixture
def recepteur(settings):
    settings.WEBHOOKS_ADRESSES_LOCALES = True
    with Recepteur() as r:
        yield r


def abonner(comptes, recepteur, organisation="cerema", evenements=TOUS):
    email, organisation = {
        "cerema": (
            "contact@cerema.demo",
            Organisation(operateur=Operateur.objects.get(slug="cerema")),
        ),
        "ademe": (
            "contact@ademe.demo",
            Organisation(operateur=Operateur.objects.get(slug="ademe")),
        ),
        "prefecture": (
            "prefet@prefecture.demo",
            Organisation(service="prefecture", departement=Departement.objects.par_defaut()),
        ),
    }[organisation]
    abonnement = api_services.abonner(
        par=comptes[email], organisation=organisation, url=recepteur.url, evenements=evenements
    )
    recepteur.secret = abonnement.secret
    return abonnement


def orienter_vers_le_cerema(comptes, capturer):
    """Each service in its own transaction, published at its commit, as in the portal."""
    ddt = comptes["agent@ddt.demo"]
    with capturer(execute=True):
        d = creer(comptes, titre="Demande W")
    with capturer(execute=True):
        d = services.prendre_en_charge(demande=d, par=ddt, version=None)
    with capturer(execute=True):
        return services.orienter_demande(
            demande=d, par=ddt, version=None, operateurs=[Operateur.objects.get(slug="cerema")]
        )


def test_l_etat_recoit_le_depot_signe(comptes, recepteur, django_capture_on_commit_callbacks):
    abonnement = abonner(comptes, recepteur, "prefecture", ["demande.deposee"])
    with django_capture_on_commit_callbacks(execute=True):
        d = creer(comptes, titre="Salle des fêtes")
    assert recepteur.refuses == 0
    ((identifiant, corps),) = recepteur.recus
    assert corps["type"] == "demande.deposee"
    assert corps["data"]["demande"]["reference"] == d.reference
    envoi = EnvoiWebhook.objects.get()
    assert (envoi.identifiant, envoi.statut, envoi.abonnement) == (
        identifiant,
        StatutEnvoiWebhook.ENVOYE,
        abonnement,
    )


def test_l_operateur_ne_recoit_que_ce_que_son_organisation_voit(
    comptes, recepteur, django_capture_on_commit_callbacks
):
    abonner(comptes, recepteur, "cerema")
    with django_capture_on_commit_callbacks(execute=True):
        creer(comptes, titre="Pas pour le Cerema")
    d = orienter_vers_le_cerema(comptes, django_capture_on_commit_callbacks)
    types = sorted(corps["type"] for _, corps in recepteur.recus)
    assert types == ["demande.orientee", "demande.statut_modifie"]
    assert {corps["data"]["demande"]["id"] for _, corps in recepteur.recus} == {d.pk}


def test_un_autre_operateur_ne_recoit_rien(comptes, recepteur, django_capture_on_commit_callbacks):
    abonner(comptes, recepteur, "ademe")
    orienter_vers_le_cerema(comptes, django_capture_on_commit_callbacks)
    assert recepteur.recus == []
    assert not EnvoiWebhook.objects.exists()


def test_une_signature_alteree_est_refusee_par_le_recepteur(
    comptes, recepteur, django_capture_on_commit_callbacks
):
    abonner(comptes, recepteur, "prefecture", ["demande.deposee"])
    recepteur.secret = api_services.nouveau_secret()  # the receiver holds another secret
    with django_capture_on_commit_callbacks(execute=True):
        creer(comptes)
    assert recepteur.refuses == 1
    envoi = EnvoiWebhook.objects.get()
    assert (envoi.statut, envoi.dernier_code) == (StatutEnvoiWebhook.A_ENVOYER, 401)


def test_un_echec_est_retente_plus_tard_sous_le_meme_identifiant(
    comptes, recepteur, django_capture_on_commit_callbacks, settings
):
    settings.WEBHOOKS_BACKOFF_SECONDES = 60
    abonner(comptes, recepteur, "prefecture", ["demande.deposee"])
    recepteur.codes = [503, 500]
    with django_capture_on_commit_callbacks(execute=True):
        creer(comptes)
    envoi = EnvoiWebhook.objects.get()
    assert (envoi.tentatives, envoi.dernier_code) == (1, 503)
    premier_delai = envoi.prochaine_tentative - timezone.now()
    assert datetime.timedelta(seconds=50) < premier_delai <= datetime.timedelta(seconds=60)
    # Not due yet: beat leaves it.
    tasks.relancer_webhooks()
    assert EnvoiWebhook.objects.get().tentatives == 1
    EnvoiWebhook.objects.update(prochaine_tentative=timezone.now())
    tasks.relancer_webhooks()
    envoi.refresh_from_db()
    assert (envoi.tentatives, envoi.dernier_code) == (2, 500)
    second_delai = envoi.prochaine_tentative - timezone.now()
    assert second_delai > datetime.timedelta(seconds=200)  # 4 times longer
    EnvoiWebhook.objects.update(prochaine_tentative=timezone.now())
    tasks.relancer_webhooks()
    envoi.refresh_from_db()
    assert envoi.statut == StatutEnvoiWebhook.ENVOYE
    assert [identifiant for identifiant, _ in recepteur.recus] == [envoi.identifiant]


def test_une_tache_rejouee_n_envoie_pas_deux_fois(
    comptes, recepteur, django_capture_on_commit_callbacks
):
    abonner(comptes, recepteur, "prefecture", ["demande.deposee"])
    with django_capture_on_commit_callbacks(execute=True):
        creer(comptes)
    envoi = EnvoiWebhook.objects.get()
    assert tasks.envoyer_webhook(envoi.pk) == "déjà traité"
    from api.models import EvenementAPublier

    assert tasks.diffuser_evenement(EvenementAPublier.objects.get().pk) == 0
    assert len(recepteur.recus) == 1


def test_un_abonnement_qui_echoue_sans_cesse_est_desactive_et_son_auteur_prevenu(
    comptes, recepteur, django_capture_on_commit_callbacks, settings, client, connecter
):
    settings.WEBHOOKS_ECHECS_AVANT_DESACTIVATION = 3
    abonnement = abonner(comptes, recepteur, "prefecture", ["demande.deposee"])
    recepteur.codes = [500] * 10
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            creer(comptes, titre=f"Projet {n}")
    abonnement.refresh_from_db()
    assert not abonnement.actif
    assert "3 échecs consécutifs" in abonnement.motif_desactivation
    avis = Notification.objects.get(evenement="webhook_desactive")
    assert avis.destinataire == comptes["prefet@prefecture.demo"]
    # What was still waiting is given up, and nothing new is queued.
    tasks.relancer_webhooks()
    EnvoiWebhook.objects.update(prochaine_tentative=timezone.now())
    tasks.relancer_webhooks()
    assert set(EnvoiWebhook.objects.values_list("statut", flat=True)) == {
        StatutEnvoiWebhook.ABANDONNE
    }
    with django_capture_on_commit_callbacks(execute=True):
        creer(comptes, titre="Après")
    assert EnvoiWebhook.objects.count() == 3
    # The owner reads why, and reactivates it.
    connecter("prefet@prefecture.demo")
    page = client.get(f"/api/webhooks/{abonnement.pk}/").content.decode()
    assert "Abonnement désactivé" in page and "3 échecs consécutifs" in page
    assert client.post(f"/api/webhooks/{abonnement.pk}/reactiver/").status_code == 302
    abonnement.refresh_from_db()
    assert abonnement.actif and abonnement.echecs_consecutifs == 0


def test_le_journal_est_visible_de_l_abonne_seulement(
    comptes, recepteur, django_capture_on_commit_callbacks, client, connecter
):
    abonnement = abonner(comptes, recepteur, "cerema")
    d = orienter_vers_le_cerema(comptes, django_capture_on_commit_callbacks)
    connecter("contact@cerema.demo")
    page = client.get(f"/api/webhooks/{abonnement.pk}/").content.decode()
    assert d.reference in page
    assert abonnement.secret in page
    assert page.count("Envoyé") == 2
    client.cookies.clear()
    connecter("contact@ademe.demo")
    assert client.get(f"/api/webhooks/{abonnement.pk}/").status_code == 404
    client.cookies.clear()
    connecter("maire@delle.demo")
    assert client.get(f"/api/webhooks/{abonnement.pk}/").status_code == 403


def test_s_abonner_depuis_le_portail(comptes, recepteur, client, connecter):
    connecter("contact@cerema.demo")
    reponse = client.post(
        "/api/webhooks/", {"url": recepteur.url, "evenements": ["demande.orientee"]}
    )
    abonnement = Abonnement.objects.get()
    assert reponse.status_code == 302
    assert reponse["Location"] == f"/api/webhooks/{abonnement.pk}/"
    assert abonnement.secret.startswith("whsec_")
    assert abonnement.evenements == ["demande.orientee"]


def test_une_adresse_locale_est_refusee_en_production(comptes, client, connecter, settings):
    settings.WEBHOOKS_ADRESSES_LOCALES = False
    connecter("contact@cerema.demo")
    for url, message in [
        ("http://exemple.fr/x", "L&#x27;adresse doit commencer par https://."),
        ("https://127.0.0.1/x", "Cette adresse n&#x27;est pas joignable depuis Internet."),
        ("https://localhost/x", "Cette adresse n&#x27;est pas joignable depuis Internet."),
    ]:
        reponse = client.post("/api/webhooks/", {"url": url, "evenements": ["demande.orientee"]})
        assert reponse.status_code == 400
        assert message in reponse.content.decode()
    assert not Abonnement.objects.exists()


def test_le_corps_signe_est_celui_du_journal(
    comptes, recepteur, django_capture_on_commit_callbacks
):
    abonner(comptes, recepteur, "prefecture", ["demande.deposee"])
    with django_capture_on_commit_callbacks(execute=True):
        creer(comptes)
    envoi = EnvoiWebhook.objects.get()
    assert json.loads(envoi.charge) == recepteur.recus[0][1]


def test_une_adresse_devenue_locale_fait_echouer_l_envoi(
    comptes, recepteur, django_capture_on_commit_callbacks, settings
):
    abonner(comptes, recepteur, "prefecture", ["demande.deposee"])
    settings.WEBHOOKS_ADRESSES_LOCALES = False
    with django_capture_on_commit_callbacks(execute=True):
        creer(comptes)
    envoi = EnvoiWebhook.objects.get()
    assert recepteur.debuts == []
    assert (envoi.statut, envoi.tentatives) == (StatutEnvoiWebhook.A_ENVOYER, 1)
    assert "ne mène plus à Internet" in envoi.derniere_erreur
