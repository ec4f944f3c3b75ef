"""The séance's workflow (``comite/workflow.py``): each step is refused from a status that does
not allow it, with its own message, to whom may not take it with a 403, and the page offers
exactly the steps it allows."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from comite import services, workflow
from comite.models import Decision, ModeDecision, Seance, StatutSeance

from .conftest import ouvrir

pytestmark = pytest.mark.django_db

BOUTONS = {
    "modifier_ordre_du_jour": "Modifier la date ou le lieu",
    "publier_ordre_du_jour": "Publier l'ordre du jour et convoquer les membres",
    "clore": "Marquer la séance comme tenue",
    "publier_releve": "Publier le relevé de décisions",
    "decider": "Enregistrer la décision",
}


@pytest.mark.parametrize("nom", list(workflow.TRANSITIONS))
def test_chaque_etape_est_refusee_depuis_un_statut_qui_ne_la_permet_pas(nom, seance, comptes):
    transition = workflow.TRANSITIONS[nom]
    # The préfète is State staff and the comité's president: she may take every step.
    prefete = comptes["prefet@prefecture.demo"]
    for statut in set(StatutSeance) - transition.sources:
        seance.statut = statut
        with pytest.raises(ValidationError) as refus:
            workflow.verifier(nom, user=prefete, seance=seance)
        assert refus.value.messages == [transition.impossible]


@pytest.mark.parametrize(
    "nom, email",
    [
        ("modifier_ordre_du_jour", "membre@comite.demo"),
        ("publier_ordre_du_jour", "membre@comite.demo"),
        ("decider", "membre@comite.demo"),
        ("clore", "membre@comite.demo"),
        ("publier_releve", "membre@comite.demo"),
        ("repondre_convocation", "maire@delle.demo"),
    ],
)
def test_une_etape_est_interdite_a_qui_ne_peut_pas_la_faire(nom, email, seance, comptes):
    transition = workflow.TRANSITIONS[nom]
    for statut in transition.sources:
        seance.statut = statut
        with pytest.raises(PermissionDenied, match=transition.interdite):
            workflow.verifier(nom, user=comptes[email], seance=seance)


def _boutons(client, seance):
    page = client.get(seance.get_absolute_url()).content.decode()
    return {nom for nom, bouton in BOUTONS.items() if bouton in page}


def test_la_page_n_offre_que_les_etapes_permises(client, connecter, comptes, seance_publiee):
    prefete = comptes["prefet@prefecture.demo"]
    connecter("prefet@prefecture.demo")
    # Before its start a séance is not held; a written consultation may already decide.
    assert _boutons(client, seance_publiee) == {"modifier_ordre_du_jour", "decider"}
    assert _boutons(client, ouvrir(seance_publiee)) == {
        "modifier_ordre_du_jour",
        "clore",
        "decider",
    }
    seance = services.clore_seance(seance=seance_publiee, par=prefete, version=None)
    assert _boutons(client, seance) == {"publier_releve", "decider"}
    for point in seance.points.all():
        services.decider(
            point=point,
            par=prefete,
            version=None,
            decision=Decision.POUR_INFORMATION,
            mode=ModeDecision.SEANCE,
        )
    assert _boutons(client, seance) == {"publier_releve"}
    seance = services.publier_releve(seance=seance, par=prefete, version=None)
    assert seance.statut == StatutSeance.RELEVE_PUBLIE
    assert _boutons(client, seance) == set()


def test_une_seance_en_preparation_se_publie_et_se_compose(client, connecter, seance):
    connecter("prefet@prefecture.demo")
    assert _boutons(client, seance) == {"modifier_ordre_du_jour", "publier_ordre_du_jour"}


def test_le_membre_ne_voit_aucune_etape_de_l_etat(client, connecter, seance_publiee):
    connecter("membre@comite.demo")
    page = client.get(seance_publiee.get_absolute_url()).content.decode()
    assert _boutons(client, seance_publiee) == set()
    assert "Vous n'avez pas encore répondu." in page


def test_une_etape_refusee_ne_change_rien(client, connecter, seance_publiee):
    connecter("prefet@prefecture.demo")
    seance_publiee.refresh_from_db()
    reponse = client.post(
        f"/comite/seances/{seance_publiee.pk}/publier/",
        {"version": seance_publiee.version},
        follow=True,
    )
    assert "L&#x27;ordre du jour de cette séance est déjà publié." in reponse.content.decode()
    seance = Seance.objects.get(pk=seance_publiee.pk)
    assert seance.statut == StatutSeance.ORDRE_DU_JOUR_PUBLIE
    assert seance.version == seance_publiee.version
