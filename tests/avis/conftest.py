import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from avis import services
from avis.models import Avis
from tests.comite.conftest import (  # noqa: F401  (shared fixtures)
    brouillon_delle,
    comite,
    delle,
    deposee_delle,
    en_instruction_delle,
    orientee,
    pdf,
    seance,
    seance_publiee,
)
from tests.outils.deux_departements import (  # noqa: F401  (shared fixtures)
    besancon,
    doubs,
    maire_besancon,
    orientee_doubs,
    prefecture_doubs,
)

DDT = "agent@ddt.demo"
LIEN = re.compile(r"https?://[^\s\"<>]+/avis/([A-Za-z0-9_-]+)/")


def dans_cinq_jours():
    return timezone.localdate() + datetime.timedelta(days=5)


def donnees_avis(**autres):
    return {
        "expert_nom": "Claire Martin",
        "expert_organisme": "DREAL Bourgogne-Franche-Comté",
        "expert_email": "claire.martin@dreal.example",
        "question": "Le projet est-il compatible avec le plan de prévention des inondations ?",
        "date_limite": dans_cinq_jours().isoformat(),
        **autres,
    }


def demander(comptes, demande, *, par=DDT, **autres):
    """An avis asked through the service (the HTTP path is tested in test_demander)."""
    donnees = donnees_avis(**autres)
    donnees["date_limite"] = datetime.date.fromisoformat(donnees["date_limite"])
    donnees.setdefault("confidentiel", False)
    return services.demander_avis(demande=demande, par=comptes[par], **donnees)


def lien_du_courriel(adresse):
    """The path of the expert's page, as read in the last email sent to ``adresse``."""
    courriels = [m for m in mail.outbox if m.to == [adresse]]
    assert courriels, f"aucun courriel pour {adresse}"
    trouve = LIEN.search(courriels[-1].body)
    assert trouve, courriels[-1].body
    return f"/avis/{trouve.group(1)}/"


@pytest.fixture
def avis_demande(comptes, orientee, django_capture_on_commit_callbacks):  # noqa: F811
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        avis = demander(comptes, orientee)
    return avis


def repondre(avis, texte="Avis favorable.", fichiers=()):
    return services.repondre_avis(avis=Avis.objects.get(pk=avis.pk), texte=texte, fichiers=fichiers)
