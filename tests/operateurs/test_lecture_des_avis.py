"""Who reads an operator's answer. Its offer: whoever sees the demande. Its opinion (avis): the
State, the comité and the operator itself; never the collectivité nor the other operators. Its
refusal reason: the State and the operator itself."""

import pytest

from comite import services as comite
from comite.models import Comite, Qualite
from demandes import services as demandes
from guichet.territoire.models import Operateur
from operateurs import services

pytestmark = pytest.mark.django_db

AVIS = "Avis du Cerema : étude hydraulique indispensable."
OFFRE = "Le Cerema propose douze jours d'ingénierie."
MOTIF = "Motif de l'Ademe : hors de notre champ."


@pytest.fixture
def reponses(comptes, orientee_cerema):
    """Cerema accepts and answers; Ademe, routed too, declines; Anah has not answered yet."""
    demande, cerema = orientee_cerema
    demande = demandes.orienter_demande(
        demande=demande,
        par=comptes["agent@ddt.demo"],
        version=None,
        operateurs=[Operateur.objects.get(slug="ademe")],
    )
    cerema = services.accepter(orientation=cerema, par=comptes["contact@cerema.demo"])
    services.donner_avis(
        orientation=cerema,
        par=comptes["contact@cerema.demo"],
        avis=AVIS,
        type_offre="ingenierie",
        jours=12,
        description=OFFRE,
    )
    services.decliner(
        orientation=demande.orientations.get(operateur__slug="ademe"),
        par=comptes["contact@ademe.demo"],
        motif=MOTIF,
    )
    return demande


def _page(client, connecter, email, demande):
    client.post("/comptes/deconnexion/")
    connecter(email)
    reponse = client.get(f"/demandes/{demande.pk}/")
    assert reponse.status_code == 200
    return reponse.content.decode().replace("&#x27;", "'")


@pytest.mark.parametrize(
    ("email", "avis", "motif"),
    [
        ("agent@ddt.demo", True, True),
        ("contact@cerema.demo", True, False),
        ("contact@anah.demo", False, False),
        ("maire@delle.demo", False, False),
    ],
)
def test_qui_lit_l_avis_l_offre_et_le_motif_du_refus(
    client, connecter, reponses, email, avis, motif
):
    page = _page(client, connecter, email, reponses)
    assert OFFRE in page
    assert (AVIS in page) is avis  # on the page, in the timeline included
    assert (MOTIF in page) is motif


def test_le_comite_lit_les_avis_des_dossiers_de_son_ordre_du_jour(
    client, connecter, comptes, reponses
):
    from django.utils import timezone

    prefet = comptes["prefet@prefecture.demo"]
    comite_ = Comite.objects.get()
    comite.ajouter_membre(comite=comite_, user=comptes["membre@comite.demo"], qualite=Qualite.AUTRE)
    seance = comite.planifier_seance(
        comite=comite_, par=prefet, date=timezone.now() + timezone.timedelta(days=7), lieu="Salle"
    )
    comite.inscrire_demande(seance=seance, par=prefet, version=None, demande=reponses)
    comite.publier_ordre_du_jour(seance=seance, par=prefet, version=None)
    page = _page(client, connecter, "membre@comite.demo", reponses)
    assert AVIS in page and OFFRE in page
    assert MOTIF not in page
