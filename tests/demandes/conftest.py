import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from demandes import services
from demandes.demo import pdf_de_demo
from demandes.models import Demande
from guichet.comptes.models import User
from guichet.comptes.services import rattacher
from guichet.territoire.models import Collectivite, Thematique


@pytest.fixture
def pdf():
    return piece_pdf


def piece_pdf(nom="note.pdf", titre="Note"):
    """A PDF as a person would upload it."""
    return SimpleUploadedFile(nom, pdf_de_demo(titre), content_type="application/pdf")


@pytest.fixture
def delle():
    return Collectivite.objects.get(code_insee="90033")


@pytest.fixture
def secretaire_delle(comptes, delle):
    user = User.objects.create_user(
        "secretariat@delle.demo", "un-mot-de-passe-solide", prenom="Inès"
    )
    rattacher(user=user, collectivite=delle, fonction="Secrétaire de mairie")
    return user


def donnees_completes(**autres):
    return {
        "titre": "Rénovation de la salle des fêtes",
        "description": "Isolation, chauffage, accessibilité.",
        "besoin": "financement",
        "maturite": "etudes",
        "budget_estime": 300000,
        "contact_nom": "Louis Bernard",
        "contact_email": "maire@delle.demo",
        **autres,
    }


@pytest.fixture
def brouillon_delle(comptes, delle, pdf):
    return services.creer_brouillon(
        collectivite=delle,
        par=comptes["maire@delle.demo"],
        donnees=donnees_completes(),
        thematiques=Thematique.objects.filter(
            slug__in=["habitat", "transition-ecologique-energie"]
        ),
        fichiers=[pdf()],
    )


@pytest.fixture
def deposee_delle(comptes, brouillon_delle):
    return services.deposer_demande(
        demande=brouillon_delle, par=comptes["maire@delle.demo"], version=brouillon_delle.version
    )


@pytest.fixture
def en_instruction_delle(comptes, deposee_delle):
    return services.prendre_en_charge(
        demande=deposee_delle, par=comptes["agent@ddt.demo"], version=deposee_delle.version
    )


def recharger(demande):
    return Demande.objects.get(pk=demande.pk)


def creer(comptes, insee="90033", titre="Projet", themes=("habitat",), deposer=True, email=None):
    maire = comptes[email or ("maire@delle.demo" if insee == "90033" else "maire@belfort.demo")]
    demande = services.creer_brouillon(
        collectivite=Collectivite.objects.get(code_insee=insee),
        par=maire,
        donnees=donnees_completes(titre=titre),
        thematiques=Thematique.objects.filter(slug__in=themes),
    )
    if deposer:
        demande = services.deposer_demande(demande=demande, par=maire, version=demande.version)
    return demande


def lignes_de_l_historique(page):
    """The timeline of a demande's page as a person reads it: one string per line, date first
    (« 2 décembre 2026 à 10:02 Demande déposée par Louis Bernard (Delle) »)."""
    historique = re.search(r'<ol class="guichet-historique[ "].*?</ol>', page, re.S)[0]
    # Each line's number (written out for phones) is not part of what it says.
    historique = re.sub(r'<span class="guichet-historique__numero">.*?</span>', "", historique)
    return [
        " ".join(html.unescape(re.sub(r"<[^>]+>", " ", ligne)).split())
        for ligne in re.findall(r"<li>(.*?)</li>", historique, re.S)
    ]
