import pytest

from demandes import services
from demandes.models import Demande
from guichet.territoire.models import Operateur
from tests.conftest import comptes_de_demo
from tests.demandes.conftest import (  # noqa: F401  (shared fixtures)
    brouillon_delle,
    creer,
    delle,
    deposee_delle,
    en_instruction_delle,
    pdf,
)


def references(page):
    """The references of the demandes listed on a dashboard page."""
    return {d.reference for d in page.context["page"].object_list}


def onglets(page):
    """``{tab: count}`` as the dashboard page announces them."""
    return {o["cle"]: o["nombre"] for o in page.context["onglets"]}


def construire_jeu(comptes):
    """Four filed demandes, one in each situation the tabs tell apart, and a draft."""
    ddt, prefet = comptes["agent@ddt.demo"], comptes["prefet@prefecture.demo"]
    eau = creer(comptes, titre="Sécurisation de l'eau potable", themes=("eau-potable",))
    ecole = creer(comptes, "90010", titre="Rénovation de l'école Jean-Jaurès", themes=("habitat",))
    prise = creer(comptes, "90010", titre="Piste cyclable", themes=("mobilite",))
    prise = services.prendre_en_charge(demande=prise, par=ddt, version=prise.version)
    orientee = creer(comptes, titre="Étude inondation", themes=("risques-inondation",))
    orientee = services.prendre_en_charge(demande=orientee, par=prefet, version=orientee.version)
    orientee = services.orienter_demande(
        demande=orientee,
        par=prefet,
        version=orientee.version,
        operateurs=[Operateur.objects.get(slug="cerema")],
    )
    brouillon = creer(comptes, titre="Brouillon caché", deposer=False)
    return {
        "eau": eau,
        "ecole": ecole,
        "prise": prise,
        "orientee": orientee,
        "brouillon": brouillon,
    }


@pytest.fixture
def jeu(comptes):
    """``construire_jeu``, for each test."""
    return construire_jeu(comptes)


@pytest.fixture(scope="module")
def jeu_du_module(transaction_du_module):
    """``construire_jeu`` once for the tests of a module (in its transaction): the keys of its
    demandes. For a module whose tests all use them and none counts what else is there: the
    module's other tests see them too."""
    return {nom: demande.pk for nom, demande in construire_jeu(comptes_de_demo()).items()}


def relire_jeu(jeu_du_module):
    """The demandes of ``jeu_du_module`` read afresh: a test may change them (rolled back when
    it ends)."""
    lues = Demande.objects.in_bulk(jeu_du_module.values())
    return {nom: lues[pk] for nom, pk in jeu_du_module.items()}
