import datetime
import re
import zlib

import pytest
from django.utils import timezone

from comite import services
from comite.models import Comite, Qualite, Seance
from demandes import services as demandes
from guichet.territoire.models import Departement, Operateur
from operateurs import services as operateurs
from tests.demandes.conftest import (  # noqa: F401  (shared fixtures)
    brouillon_delle,
    delle,
    deposee_delle,
    en_instruction_delle,
    pdf,
)
from tests.outils.deux_departements import (  # noqa: F401  (shared fixtures)
    besancon,
    doubs,
    maire_besancon,
    orientee_doubs,
    prefecture_doubs,
)


@pytest.fixture
def comite(comptes):
    """The default département's comité, created by the migration, with the préfète, the DDT
    and the demo member."""
    comite = Comite.objects.get(departement=Departement.objects.par_defaut())
    services.ajouter_membre(
        comite=comite, user=comptes["prefet@prefecture.demo"], qualite=Qualite.PRESIDENT
    )
    services.ajouter_membre(comite=comite, user=comptes["agent@ddt.demo"], qualite=Qualite.DDT)
    services.ajouter_membre(
        comite=comite, user=comptes["membre@comite.demo"], qualite=Qualite.AUTRE
    )
    return comite


def orienter(users, demande):
    """Route ``demande`` to Cerema (which accepts and gives its opinion) and Anah (silent)."""
    demande = demandes.orienter_demande(
        demande=demande,
        par=users["agent@ddt.demo"],
        version=demande.version,
        operateurs=Operateur.objects.filter(slug__in=["cerema", "anah"]),
    )
    orientation = demande.orientations.get(operateur__slug="cerema")
    orientation = operateurs.accepter(orientation=orientation, par=users["contact@cerema.demo"])
    operateurs.donner_avis(
        orientation=orientation,
        par=users["contact@cerema.demo"],
        avis="Étude hydraulique indispensable avant travaux.",
        type_offre="ingenierie",
        jours=12,
        description="Le Cerema propose douze jours d'ingénierie.",
    )
    demande.refresh_from_db()
    return demande


@pytest.fixture
def orientee(comptes, en_instruction_delle):  # noqa: F811
    return orienter(comptes, en_instruction_delle)


DATE_SEANCE = datetime.datetime(2031, 3, 12, 14, 30)


@pytest.fixture
def seance(comite, comptes):
    return services.planifier_seance(
        comite=comite,
        par=comptes["prefet@prefecture.demo"],
        date=timezone.make_aware(DATE_SEANCE),
        lieu="Préfecture, salle Bartholdi",
    )


@pytest.fixture
def seance_publiee(seance, orientee, comptes):
    prefet = comptes["prefet@prefecture.demo"]
    services.inscrire_demande(seance=seance, par=prefet, version=None, demande=orientee)
    services.ajouter_sujet(
        seance=seance, par=prefet, version=None, sujet="Crédits DSIL 2031", interne=True
    )
    services.ajouter_sujet(seance=seance, par=prefet, version=None, sujet="Point d'étape PVD")
    return services.publier_ordre_du_jour(seance=seance, par=prefet, version=None)


def ouvrir(seance):
    """The séance started an hour ago: planning refuses a past date, so the date moves back."""
    Seance.objects.filter(pk=seance.pk).update(date=timezone.now() - datetime.timedelta(hours=1))
    seance.refresh_from_db()
    return seance


@pytest.fixture
def seance_ouverte(seance_publiee):
    """The published séance, under way: decisions at the table may be recorded."""
    return ouvrir(seance_publiee)


def textes_du_pdf(contenu):
    """What a test can read of a WeasyPrint PDF without a PDF library: the inflated streams,
    where the bookmarks (one per heading) keep their titles in UTF-16, written in hex."""
    inflate = b""
    for flux in re.finditer(rb"stream\r?\n(.*?)endstream", contenu, re.S):
        try:
            inflate += zlib.decompressobj().decompress(flux.group(1))
        except zlib.error:
            continue
    return inflate.lower()


def dans_le_pdf(texte, contenu):
    return texte.encode("utf-16-be").hex().encode() in textes_du_pdf(contenu)
