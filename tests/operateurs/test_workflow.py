"""The routing's workflow (``operateurs/workflow.py``): each answer leads to its declared status,
is refused from a status that does not allow it, and only a member of the operator gives it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from operateurs import services, workflow
from operateurs.models import Orientation, StatutOrientation

pytestmark = pytest.mark.django_db


# What each answer needs besides the routing and the person.
ARGUMENTS = {"decliner": {"motif": "Hors de notre champ"}, "donner_avis": {"avis": "Solide."}}


def _repondre(nom, orientation, par):
    return getattr(services, nom)(orientation=orientation, par=par, **ARGUMENTS.get(nom, {}))


@pytest.mark.parametrize("nom", list(workflow.TRANSITIONS))
def test_chaque_reponse_mene_au_statut_declare_depuis_ses_statuts_de_depart(
    nom, orientee_cerema, comptes
):
    _, orientation = orientee_cerema
    cerema = comptes["contact@cerema.demo"]
    transition = workflow.TRANSITIONS[nom]
    for statut in StatutOrientation:
        Orientation.objects.filter(pk=orientation.pk).update(statut=statut)
        if statut in transition.sources:
            resultat = _repondre(nom, orientation, cerema)
            assert resultat.statut == (transition.cible or statut)
        else:
            with pytest.raises(ValidationError, match="Impossible : l'orientation est"):
                _repondre(nom, orientation, cerema)
            assert Orientation.objects.get(pk=orientation.pk).statut == statut


@pytest.mark.parametrize("nom", list(workflow.TRANSITIONS))
def test_seul_un_membre_de_l_operateur_repond(nom, orientee_cerema, comptes):
    _, orientation = orientee_cerema
    Orientation.objects.filter(pk=orientation.pk).update(
        statut=next(iter(workflow.TRANSITIONS[nom].sources))
    )
    with pytest.raises(PermissionDenied, match="Seuls les membres de l'opérateur"):
        _repondre(nom, orientation, comptes["contact@anah.demo"])


def test_la_boite_colore_le_statut_selon_le_workflow(client, connecter, orientee_cerema):
    connecter("contact@cerema.demo")
    page = client.get("/operateurs/demandes/").content.decode()
    assert 'fr-badge--new">Proposée' in page
