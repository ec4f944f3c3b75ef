"""The year's report speaks for its département (issue #23): the Doubs's agent reads the
Doubs's figures under the « Préfet du Doubs », a member of the Doubs's comité counts the
Doubs's demandes, not the Territoire de Belfort's."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from comite.models import Qualite
from comite.services import ajouter_membre, comite_du_departement
from tests.factories import DemandeFactory, UserFactory
from tests.outils.deux_departements import (  # noqa: F401  (shared fixtures)
    besancon,
    doubs,
    maire_besancon,
    prefecture_doubs,
)
from tests.outils.pdf import pdf_ou_sauter

pytestmark = pytest.mark.django_db

ANNEE = timezone.localdate().year


@pytest.fixture
def deux_demandes(comptes, besancon, maire_besancon):  # noqa: F811
    """One filed demande in the Doubs, two in the Territoire de Belfort, this year."""
    DemandeFactory(collectivite=besancon, deposant=maire_besancon, titre="Passerelle")
    DemandeFactory(titre="Cantine")
    DemandeFactory(titre="Gymnase")


def test_le_membre_du_comite_du_doubs_compte_les_demandes_du_doubs(
    client,
    connecter,
    deux_demandes,
    doubs,  # noqa: F811
):
    membre = UserFactory(email="membre@comite-doubs.essai")
    ajouter_membre(comite=comite_du_departement(doubs), user=membre, qualite=Qualite.AUTRE)
    connecter(membre.email)
    assert client.get(f"/comite/bilan/{ANNEE}/").context["bilan"]["total"] == 1


def test_le_bilan_en_pdf_de_l_agent_du_doubs_est_signe_du_prefet_du_doubs(
    client,
    connecter,
    deux_demandes,
    prefecture_doubs,  # noqa: F811
):
    connecter(prefecture_doubs.email)
    assert client.get(f"/comite/bilan/{ANNEE}/").context["bilan"]["total"] == 1
    reponse = pdf_ou_sauter(client, f"/comite/bilan/{ANNEE}/bilan.pdf")
    texte = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(reponse.content)).pages
    ).lower()
    assert "préfet du doubs" in texte
    assert "comité local de cohésion des territoires du doubs" in texte
    assert "guichet unique — doubs" in texte, "le pied de page nomme le département"
    assert "belfort" not in texte
