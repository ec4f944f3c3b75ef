import pytest
from django.core.exceptions import ValidationError

from demandes import services, workflow
from demandes.models import MotifComplement, Statut
from guichet.notifications.models import Notification

from .conftest import recharger

pytestmark = pytest.mark.django_db


@pytest.fixture
def a_completer(en_instruction_delle, comptes):
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
    return recharger(en_instruction_delle), complement


def test_la_collectivite_voit_exactement_ce_qui_est_demande(client, connecter, a_completer):
    demande, _ = a_completer
    connecter("maire@delle.demo")
    page = client.get(f"/demandes/{demande.pk}/").content.decode()
    assert "Statut : À compléter" in page
    assert "Joindre le devis de l&#x27;architecte." in page
    assert "Le budget indiqué date de 2019." in page
    assert "Périmé" in page and "Incomplet" in page
    assert f'href="/demandes/{demande.pk}/completer/"' in page
    assert Notification.objects.filter(
        destinataire__email="maire@delle.demo", evenement="a_completer"
    ).exists()


def test_repondre_a_chaque_point_renvoie_la_demande_en_instruction(
    client, connecter, a_completer, pdf
):
    demande, complement = a_completer
    points = list(complement.points.all())
    connecter("maire@delle.demo")
    formulaire = client.get(f"/demandes/{demande.pk}/completer/").content.decode()
    assert "Point 1 : Joindre le devis" in formulaire
    reponse = client.post(
        f"/demandes/{demande.pk}/completer/",
        {
            f"point_{points[0].pk}": "Devis joint.",
            f"point_{points[1].pk}": "Budget actualisé : 320 000 €.",
            "documents": [pdf("devis.pdf")],
            "version": demande.version,
        },
    )
    assert reponse.status_code == 302
    demande = recharger(demande)
    complement.refresh_from_db()
    assert demande.statut == Statut.EN_INSTRUCTION
    assert complement.date_reponse is not None
    assert complement.repondu_par.email == "maire@delle.demo"
    assert [p.reponse for p in complement.points.all()] == [
        "Devis joint.",
        "Budget actualisé : 320 000 €.",
    ]
    assert complement.pieces.get().nom == "devis.pdf"
    assert Notification.objects.filter(
        destinataire__email="agent@ddt.demo", evenement="complement_repondu"
    ).exists()


def test_un_point_sans_reponse_est_signale_et_rien_ne_bouge(client, connecter, a_completer):
    demande, complement = a_completer
    premier, second = complement.points.all()
    connecter("maire@delle.demo")
    reponse = client.post(
        f"/demandes/{demande.pk}/completer/",
        {f"point_{premier.pk}": "Réponse", f"point_{second.pk}": "   ", "version": demande.version},
    )
    assert reponse.status_code == 200
    assert "Répondez à ce point." in reponse.content.decode()
    assert recharger(demande).statut == Statut.A_COMPLETER


def test_la_demande_ne_peut_pas_avancer_tant_qu_un_complement_est_ouvert(a_completer, comptes):
    demande, _ = a_completer
    for nom in ["orienter", "prendre_en_charge", "demander_complement", "classer", "cloturer"]:
        with pytest.raises(ValidationError, match="la demande est « À compléter »"):
            workflow.verifier(nom, user=comptes["prefet@prefecture.demo"], demande=demande)


def test_le_complement_est_un_enregistrement_date(a_completer):
    demande, complement = a_completer
    assert complement.demande_par.email == "agent@ddt.demo"
    assert complement.date_ouverture is not None and complement.date_reponse is None
    assert demande.evenements.filter(type="complement_demande").exists()


def test_une_autre_commune_ne_peut_pas_repondre(client, connecter, a_completer):
    demande, _ = a_completer
    connecter("maire@belfort.demo")
    assert client.get(f"/demandes/{demande.pk}/completer/").status_code == 404
