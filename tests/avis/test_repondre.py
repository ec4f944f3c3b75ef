"""The expert answers on their signed page, without an account; an old link says what became
of the avis, in French, without a server error nor a leak."""

import datetime
import html
import logging

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from avis import jetons, services
from avis.journaux import MasquerLesJetons
from avis.models import Avis
from demandes.models import Evenement
from guichet.notifications.models import Notification

from .conftest import DDT, lien_du_courriel

pytestmark = pytest.mark.django_db


def test_l_expert_repond_avec_ses_documents_et_l_etat_est_prevenu(
    client, comptes, avis_demande, pdf, django_capture_on_commit_callbacks
):
    lien = lien_du_courriel("claire.martin@dreal.example")
    page = client.get(lien)
    assert page.status_code == 200
    texte = page.content.decode()
    assert "Donner votre avis" in texte
    assert "compatible avec le plan de prévention" in texte
    assert page["Referrer-Policy"] == "strict-origin"
    assert "no-store" in page["Cache-Control"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            lien,
            {"reponse": "Compatible sous réserve d'une cote plancher.", "documents": [pdf()]},
            follow=True,
        )
    assert reponse.status_code == 200
    assert "Avis enregistré" in reponse.content.decode()
    avis = Avis.objects.get()
    assert avis.reponse == "Compatible sous réserve d'une cote plancher."
    assert [d.nom for d in avis.documents.all()] == ["note.pdf"]
    with avis.documents.get().fichier.open("rb") as fichier:
        assert fichier.read().startswith(b"%PDF")
    assert Evenement.objects.filter(libelle__startswith="Avis reçu de Claire Martin").exists()
    # The referent (the DDT agent, who also asked) is told, once.
    assert [m.to for m in mail.outbox] == [[DDT]]
    assert "Avis reçu de Claire Martin" in mail.outbox[0].subject
    # A second answer through the same link changes nothing.
    client.post(lien, {"reponse": "Finalement défavorable."})
    avis.refresh_from_db()
    assert avis.reponse.startswith("Compatible")


def test_un_fichier_refuse_n_enregistre_rien(client, avis_demande):
    lien = lien_du_courriel("claire.martin@dreal.example")
    faux = SimpleUploadedFile("note.pdf", b"MZ\x90\x00 pas un pdf", content_type="application/pdf")
    reponse = client.post(lien, {"reponse": "Mon avis.", "documents": [faux]})
    assert reponse.status_code == 400
    assert "n'est pas dans un format accepté" in html.unescape(reponse.content.decode())
    avis = Avis.objects.get()
    assert not avis.repondu and not avis.documents.exists()


def test_un_avis_vide_est_refuse_sous_le_champ(client, avis_demande):
    reponse = client.post(lien_du_courriel("claire.martin@dreal.example"), {"reponse": "  "})
    assert reponse.status_code == 400
    assert "Ce champ est obligatoire." in reponse.content.decode()


def test_un_lien_expire_donne_une_page_claire(client, avis_demande):
    lien = lien_du_courriel("claire.martin@dreal.example")
    Avis.objects.update(lien_expire_le=timezone.now() - datetime.timedelta(minutes=1))
    for reponse in (client.get(lien), client.post(lien, {"reponse": "Trop tard ?"})):
        assert reponse.status_code == 410
        page = reponse.content.decode()
        assert "Lien expiré" in page
        assert "demandez un nouveau lien" in page
        assert "compatible avec le plan" not in page
    assert not Avis.objects.get().repondu


def test_un_lien_revoque_donne_une_page_claire_et_l_expert_est_prevenu(
    client, connecter, comptes, avis_demande, django_capture_on_commit_callbacks
):
    lien = lien_du_courriel("claire.martin@dreal.example")
    connecter(DDT)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            f"/demandes/{avis_demande.demande_id}/avis/{avis_demande.pk}/revoquer/", follow=True
        )
    assert "révoquée ; son lien est fermé" in reponse.content.decode()
    assert [m.to for m in mail.outbox] == [["claire.martin@dreal.example"]]
    assert "a été retirée" in mail.outbox[0].body
    assert "/avis/" not in mail.outbox[0].body
    client.logout()
    for reponse in (client.get(lien), client.post(lien, {"reponse": "Mon avis."})):
        assert reponse.status_code == 410
        assert "Demande d'avis retirée" in reponse.content.decode()
        assert "compatible avec le plan" not in reponse.content.decode()
    assert not Avis.objects.get().repondu


@pytest.mark.parametrize(
    "jeton",
    [
        "nimporte-quoi",
        "0" * 75,
        # The right identifier with a forged signature.
        "{identifiant}" + "A" * 43,
    ],
)
def test_un_lien_inconnu_ou_falsifie_donne_une_page_claire(client, avis_demande, jeton):
    reponse = client.get(f"/avis/{jeton.format(identifiant=avis_demande.identifiant.hex)}/")
    assert reponse.status_code == 404
    page = reponse.content.decode()
    assert "Ce lien ne correspond à aucune demande d'avis" in page
    assert "Claire Martin" not in page


def test_l_agent_relance_l_expert_avec_une_nouvelle_date_limite(
    client, connecter, avis_demande, django_capture_on_commit_callbacks
):
    lien = lien_du_courriel("claire.martin@dreal.example")
    Avis.objects.update(lien_expire_le=timezone.now() - datetime.timedelta(minutes=1))
    assert client.get(lien).status_code == 410
    connecter(DDT)
    nouvelle = timezone.localdate() + datetime.timedelta(days=20)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            f"/demandes/{avis_demande.demande_id}/avis/{avis_demande.pk}/redemander/",
            {"date_limite": nouvelle.isoformat()},
            follow=True,
        )
    assert "Le lien est envoyé de nouveau" in reponse.content.decode()
    avis = Avis.objects.get()
    assert avis.date_limite == nouvelle and avis.nombre_envois == 2
    # The same link, valid again until the new deadline.
    assert lien_du_courriel("claire.martin@dreal.example") == lien
    client.logout()
    assert client.get(lien).status_code == 200


def test_le_lien_n_est_jamais_ecrit_dans_les_journaux(avis_demande):
    lien = jetons.lien(avis_demande)
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "%s: %s", ("Gone", lien), None
    )
    MasquerLesJetons().filter(record)
    assert jetons.jeton(avis_demande) not in record.getMessage()
    assert record.getMessage() == "Gone: /avis/[jeton masqué]/"


def test_une_reponse_notifie_aussi_l_agent_qui_a_demande_s_il_n_est_pas_referent(
    comptes, orientee, django_capture_on_commit_callbacks
):
    from .conftest import demander, repondre

    avis = demander(comptes, orientee, par="prefet@prefecture.demo")
    with django_capture_on_commit_callbacks(execute=True):
        repondre(avis)
    assert set(
        Notification.objects.filter(evenement="avis_recu").values_list(
            "destinataire__email", flat=True
        )
    ) == {DDT, "prefet@prefecture.demo"}
    with pytest.raises(services.ValidationError):
        repondre(avis, "Encore")


def test_le_journal_d_acces_de_gunicorn_masque_le_jeton(avis_demande):
    from types import SimpleNamespace

    from gunicorn.config import Config

    from avis.journal_gunicorn import JournalSansJetons

    lien = jetons.lien(avis_demande)
    requete = SimpleNamespace(
        headers=[("REFERER", f"https://guichet.example{lien}")], uri=lien, method="GET"
    )
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": lien,
        "PATH_INFO": lien,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://guichet.example{lien}",
    }
    reponse = SimpleNamespace(status="200 OK", sent=10, headers=[])
    atomes = JournalSansJetons(Config()).atoms(
        reponse, requete, environ, datetime.timedelta(seconds=1)
    )
    ecrit = " ".join(str(valeur) for valeur in atomes.values())
    assert jetons.jeton(avis_demande) not in ecrit
    assert "/avis/[jeton masqué]/" in ecrit
