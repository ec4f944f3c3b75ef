"""Delivery with tasks run in-process (the worker-on-Redis tests are in test_worker_reel.py)."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from demandes import services as demandes
from demandes.models import Demande
from guichet.notifications import services, tasks
from guichet.notifications.models import Notification, StatutEnvoi
from guichet.territoire.models import Thematique
from tests.demandes.conftest import donnees_completes

pytestmark = pytest.mark.django_db


def formulaire():
    themes = list(Thematique.objects.filter(slug="eau-potable").values_list("pk", flat=True))
    return {**donnees_completes(), "thematiques": themes, "deposer": "1"}


def test_deposer_envoie_un_courriel_au_prefet_a_la_ddt_et_au_deposant(
    client, connecter, comptes, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://guichet.example.fr"
    connecter("maire@delle.demo")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/demandes/nouvelle/", formulaire())
    demande = Demande.objects.get()
    par_destinataire = {m.to[0]: m for m in mail.outbox}
    assert sorted(par_destinataire) == [
        "agent@ddt.demo",
        "maire@delle.demo",
        "prefet@prefecture.demo",
    ]
    courriel = par_destinataire["prefet@prefecture.demo"]
    assert courriel.subject == (
        f"[Guichet unique] {demande.reference} — Nouvelle demande de la commune de Delle"
    )
    lien = f"https://guichet.example.fr/demandes/{demande.pk}/"
    assert lien in courriel.body
    assert "Prenez-la en charge" in courriel.body
    html, type_mime = courriel.alternatives[0]
    assert type_mime == "text/html"
    assert f'href="{lien}"' in html
    assert set(Notification.objects.values_list("statut", flat=True)) == {StatutEnvoi.ENVOYEE}


def test_un_changement_annule_n_envoie_rien(
    comptes, brouillon_delle, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as rappels,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        demandes.deposer_demande(
            demande=brouillon_delle,
            par=comptes["maire@delle.demo"],
            version=brouillon_delle.version,
        )
        raise RuntimeError("échec après l'écriture")
    assert rappels == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_une_tache_rejouee_n_envoie_pas_deux_fois(deposee_delle):
    notification = Notification.objects.get(destinataire__email="prefet@prefecture.demo")
    assert tasks.envoyer_notification(notification.pk) == "envoyée"
    assert tasks.envoyer_notification(notification.pk) == "déjà traitée"
    assert len(mail.outbox) == 1


def test_une_panne_smtp_est_reessayee_avec_un_delai_croissant_puis_marquee_en_echec(
    deposee_delle, settings
):
    settings.EMAIL_BACKEND = "tests.outils.courriel.BackendEnPanne"
    notification = Notification.objects.get(destinataire__email="prefet@prefecture.demo")
    delais = []
    for _ in range(tasks.TENTATIVES_MAX - 1):
        avant = timezone.now()
        assert tasks.envoyer_notification(notification.pk) == "échec"
        notification.refresh_from_db()
        delais.append((notification.prochaine_tentative - avant).total_seconds())
        assert notification.statut == StatutEnvoi.A_ENVOYER
        assert "SMTPServerDisconnected" in notification.derniere_erreur
    assert delais == sorted(delais) and delais[-1] > delais[0] * 10
    tasks.envoyer_notification(notification.pk)
    notification.refresh_from_db()
    assert notification.statut == StatutEnvoi.ECHEC
    assert notification.tentatives == tasks.TENTATIVES_MAX
    assert Notification.objects.filter(pk=notification.pk).exists()


def test_l_administrateur_voit_les_echecs(client, connecter, deposee_delle, demo):
    Notification.objects.filter(
        destinataire__email="agent@ddt.demo", cle__startswith="deposee"
    ).update(
        statut=StatutEnvoi.ECHEC, tentatives=5, derniere_erreur="SMTPServerDisconnected: panne"
    )
    connecter("admin@guichet.demo")
    page = client.get("/admin/notifications/notification/?statut__exact=echec").content.decode()
    assert "SMTPServerDisconnected: panne" in page
    assert "agent@ddt.demo" in page or "Julien Petit" in page


def test_broker_indisponible_au_depot_puis_relance_par_beat(
    client, connecter, comptes, django_capture_on_commit_callbacks, monkeypatch
):
    def broker_en_panne(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.envoyer_notification, "apply_async", broker_en_panne)
    connecter("maire@delle.demo")
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post("/demandes/nouvelle/", formulaire(), follow=True)
    assert "Demande déposée sous la référence" in reponse.content.decode()
    assert Demande.objects.get().statut == "deposee"
    assert mail.outbox == []
    assert Notification.objects.filter(statut=StatutEnvoi.A_ENVOYER).count() == 3

    monkeypatch.undo()
    assert tasks.relancer_notifications() == 0, "pas avant le délai de relance"
    Notification.objects.update(prochaine_tentative=timezone.now() - datetime.timedelta(seconds=1))
    assert tasks.relancer_notifications() == 3
    assert len(mail.outbox) == 3
    assert tasks.relancer_notifications() == 0


def test_recapitulatif_quotidien_au_lieu_des_courriels(comptes, brouillon_delle):
    services.choisir_frequence(user=comptes["prefet@prefecture.demo"], frequence="quotidienne")
    demandes.deposer_demande(demande=brouillon_delle, par=comptes["maire@delle.demo"], version=1)
    en_attente = Notification.objects.get(destinataire__email="prefet@prefecture.demo")
    assert en_attente.statut == StatutEnvoi.A_RESUMER
    tasks.relancer_notifications()
    assert "prefet@prefecture.demo" not in [m.to[0] for m in mail.outbox]

    assert tasks.envoyer_recapitulatifs("quotidienne") == 1
    recapitulatif = mail.outbox[-1]
    assert recapitulatif.to == ["prefet@prefecture.demo"]
    assert recapitulatif.subject == "[Guichet unique] Votre récapitulatif du jour"
    assert "Nouvelle demande de la commune de Delle" in recapitulatif.body
    en_attente.refresh_from_db()
    assert en_attente.statut == StatutEnvoi.ENVOYEE
    assert tasks.envoyer_recapitulatifs("quotidienne") == 0


def test_une_piece_jointe_ics_accompagne_le_courriel(comptes, django_capture_on_commit_callbacks):
    invitation = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    with django_capture_on_commit_callbacks(execute=True):
        services.notifier(
            destinataires=[comptes["membre@comite.demo"]],
            evenement="ordre_du_jour_publie",
            cle="odj:1",
            sujet="Ordre du jour",
            corps="L'ordre du jour est publié.",
            piece_jointe=("invitation.ics", "text/calendar", invitation),
        )
    nom, contenu, type_mime = mail.outbox[0].attachments[0]
    assert (nom, contenu, type_mime) == ("invitation.ics", invitation, "text/calendar")
