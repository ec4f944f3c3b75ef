import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from demandes import services, workflow
from demandes.models import Statut

from .conftest import recharger

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("nom", list(workflow.TRANSITIONS))
def test_chaque_transition_est_refusee_depuis_un_statut_qui_ne_la_permet_pas(
    nom, brouillon_delle, comptes
):
    transition = workflow.TRANSITIONS[nom]
    for statut in set(Statut) - transition.sources:
        brouillon_delle.statut = statut
        with pytest.raises(ValidationError, match="impossible"):
            workflow.verifier(nom, user=comptes["prefet@prefecture.demo"], demande=brouillon_delle)


def test_une_transition_refusee_ne_change_rien(en_instruction_delle, comptes):
    with pytest.raises(ValidationError, match="« Retirer la demande » impossible"):
        services.retirer_demande(
            demande=en_instruction_delle,
            par=comptes["maire@delle.demo"],
            version=en_instruction_delle.version,
        )
    demande = recharger(en_instruction_delle)
    assert demande.statut == Statut.EN_INSTRUCTION
    assert demande.version == en_instruction_delle.version


@pytest.mark.parametrize("nom", ["prendre_en_charge", "demander_complement", "classer"])
def test_une_collectivite_ne_fait_pas_les_actions_de_l_etat(nom, deposee_delle, comptes):
    with pytest.raises(PermissionDenied, match="Vous ne pouvez pas faire l'action"):
        workflow.verifier(nom, user=comptes["maire@delle.demo"], demande=deposee_delle)


@pytest.mark.parametrize(
    "email", ["prefet@prefecture.demo", "maire@belfort.demo", "contact@anah.demo"]
)
def test_seule_la_collectivite_depose_ou_retire(email, deposee_delle, brouillon_delle, comptes):
    with pytest.raises(PermissionDenied, match="« Retirer la demande »"):
        workflow.verifier("retirer", user=comptes[email], demande=deposee_delle)


def test_retirer_une_demande_deja_prise_en_charge_est_refuse_par_http(
    client, connecter, en_instruction_delle
):
    connecter("maire@delle.demo")
    reponse = client.post(
        f"/demandes/{en_instruction_delle.pk}/retirer/",
        {"version": en_instruction_delle.version},
        follow=True,
    )
    assert "impossible" in reponse.content.decode()
    assert recharger(en_instruction_delle).statut == Statut.EN_INSTRUCTION


def test_retirer_une_demande_deposee(client, connecter, deposee_delle):
    connecter("maire@delle.demo")
    page = client.get(f"/demandes/{deposee_delle.pk}/retirer/").content.decode()
    assert "retirée par la collectivité" in page
    client.post(f"/demandes/{deposee_delle.pk}/retirer/", {"version": deposee_delle.version})
    demande = recharger(deposee_delle)
    assert demande.statut == Statut.CLASSEE_SANS_SUITE
    assert demande.motif_classement == "Retirée par la collectivité"
    assert demande.evenements.filter(statut_apres=Statut.CLASSEE_SANS_SUITE).exists()
    assert (
        "Retirée par la collectivité"
        in client.get(f"/demandes/{deposee_delle.pk}/").content.decode()
    )
    assert "Classée sans suite" in client.get("/demandes/").content.decode()


def test_supprimer_un_brouillon_efface_aussi_ses_fichiers(
    client, connecter, brouillon_delle, settings, django_capture_on_commit_callbacks
):
    chemin = settings.MEDIA_ROOT / "pieces" / brouillon_delle.pieces.get().fichier.name
    assert chemin.is_file()
    connecter("maire@delle.demo")
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(f"/demandes/{brouillon_delle.pk}/supprimer/")
    assert reponse["Location"] == "/demandes/"
    assert not type(brouillon_delle).objects.filter(pk=brouillon_delle.pk).exists()
    assert not chemin.exists()


def test_une_demande_deposee_ne_se_supprime_pas(client, connecter, deposee_delle):
    connecter("maire@delle.demo")
    client.post(f"/demandes/{deposee_delle.pk}/supprimer/")
    assert recharger(deposee_delle).statut == Statut.DEPOSEE


def test_rouvrir_demande_un_motif(en_instruction_delle, comptes):
    prefet = comptes["prefet@prefecture.demo"]
    demande = services.classer_demande(
        demande=en_instruction_delle,
        par=prefet,
        version=en_instruction_delle.version,
        motif="Doublon",
    )
    with pytest.raises(ValidationError) as refus:
        services.rouvrir_demande(demande=demande, par=prefet, version=demande.version, motif=" ")
    assert refus.value.message_dict == {"motif": ["Indiquez pourquoi la demande est rouverte."]}
    demande = services.rouvrir_demande(
        demande=demande, par=prefet, version=demande.version, motif="Erreur"
    )
    assert demande.statut == Statut.EN_INSTRUCTION
