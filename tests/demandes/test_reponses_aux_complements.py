"""Once the collectivité has answered a complement, everyone who sees the demande reads each
point, its reason, the answer and its documents: on the page and in the thread."""

import html
import re

import pytest

from demandes import services
from demandes.models import MotifComplement
from guichet.notifications.models import Notification

from .conftest import recharger

pytestmark = pytest.mark.django_db


@pytest.fixture
def complement_repondu(en_instruction_delle, comptes, pdf):
    complement = services.demander_complement(
        demande=en_instruction_delle,
        par=comptes["agent@ddt.demo"],
        version=en_instruction_delle.version,
        message="Il manque des pièces.",
        points=[
            ("Joindre le devis de l'architecte.", MotifComplement.INCOMPLET),
            ("Le budget indiqué date de 2019.", MotifComplement.OBSOLETE),
        ],
    )
    premier, second = complement.points.all()
    demande = recharger(en_instruction_delle)
    services.repondre_complement(
        demande=demande,
        par=comptes["maire@delle.demo"],
        version=demande.version,
        reponses={premier.pk: "Le devis est joint.", second.pk: "Budget actualisé : 320 000 €."},
        fichiers=[pdf("devis-architecte.pdf", "Devis")],
    )
    return recharger(demande), complement


def texte(page):
    """The page's text as a person reads it, tags and entities gone."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def section(page, ident):
    """The text of the element whose id is ``ident`` (up to its heading's next sibling)."""
    debut = page.index(f'id="{ident}"')
    return texte(page[debut : page.index("</section>", debut)])


@pytest.mark.parametrize("email", ["maire@delle.demo", "agent@ddt.demo"])
def test_chaque_point_se_lit_avec_son_motif_sa_reponse_et_ses_documents(
    client, connecter, complement_repondu, email
):
    demande, complement = complement_repondu
    piece = complement.pieces.get()
    connecter(email)
    page = client.get(f"/demandes/{demande.pk}/").content.decode()

    reponses = section(page, f"complement-{complement.pk}")
    assert "Précisions demandées le" in reponses and "par Julien Petit" in reponses
    assert "Il manque des pièces." in reponses
    assert "Réponse de Louis Bernard le" in reponses
    assert "Joindre le devis de l'architecte. Incomplet Réponse : Le devis est joint." in reponses
    assert "Le budget indiqué date de 2019. Périmé Réponse : Budget actualisé : 320 000 €." in (
        reponses
    )
    assert "devis-architecte.pdf" in reponses
    assert f'href="/demandes/{demande.pk}/documents/{piece.pk}/"' in page
    telechargement = client.get(f"/demandes/{demande.pk}/documents/{piece.pk}/")
    assert b"".join(telechargement.streaming_content).startswith(b"%PDF")


def test_la_reponse_entre_dans_le_fil_avec_ses_points_et_ses_documents(
    client, connecter, complement_repondu
):
    demande, complement = complement_repondu
    message = demande.messages.get(complement=complement)
    assert message.auteur.email == "maire@delle.demo"
    connecter("agent@ddt.demo")
    page = client.get(f"/demandes/{demande.pk}/").content.decode()
    fil = section(page, "fil")
    assert "Louis Bernard (Delle)" in fil
    assert "Réponse aux précisions demandées le" in fil
    assert "Joindre le devis de l'architecte. Incomplet Réponse : Le devis est joint." in fil
    assert "devis-architecte.pdf" in fil


def test_le_courriel_a_l_agent_mene_aux_reponses(client, connecter, complement_repondu):
    demande, complement = complement_repondu
    notification = Notification.objects.get(
        evenement="complement_repondu", destinataire__email="agent@ddt.demo"
    )
    assert notification.lien == f"/demandes/{demande.pk}/#complement-{complement.pk}"
    connecter("agent@ddt.demo")
    adresse, ancre = notification.lien.split("#")
    assert f'id="{ancre}"' in client.get(adresse).content.decode()


def test_la_collectivite_qui_repond_revient_sur_ses_reponses(
    client, connecter, en_instruction_delle, comptes
):
    complement = services.demander_complement(
        demande=en_instruction_delle,
        par=comptes["agent@ddt.demo"],
        version=en_instruction_delle.version,
        points=[("Le calendrier ?", MotifComplement.INCOMPLET)],
    )
    demande = recharger(en_instruction_delle)
    connecter("maire@delle.demo")
    reponse = client.post(
        f"/demandes/{demande.pk}/completer/",
        {f"point_{complement.points.get().pk}": "Travaux en 2027.", "version": demande.version},
    )
    assert reponse.status_code == 302
    assert reponse["Location"] == f"/demandes/{demande.pk}/#complement-{complement.pk}"
    page = client.get(reponse["Location"]).content.decode()
    assert "Le calendrier ? Incomplet Réponse : Travaux en 2027." in texte(page)


def test_une_autre_commune_ne_lit_ni_les_reponses_ni_leurs_documents(
    client, connecter, complement_repondu
):
    demande, complement = complement_repondu
    connecter("maire@belfort.demo")
    assert client.get(f"/demandes/{demande.pk}/").status_code == 404
    piece = complement.pieces.get()
    assert client.get(f"/demandes/{demande.pk}/documents/{piece.pk}/").status_code == 404
