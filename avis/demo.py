"""The demo's avis: on the demande of the next séance's agenda, one shareable avis answered
with a document, one confidential avis answered, one still awaited. Idempotent."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from comite.models import PointOrdreDuJour
from demandes.demo import pdf_de_demo

from . import services
from .models import Avis

AVIS = [
    (
        "Claire Martin",
        "DREAL Bourgogne-Franche-Comté",
        "claire.martin@dreal.demo",
        "Le projet est-il compatible avec le plan de prévention des risques d'inondation ?",
        False,
        "Compatible, sous réserve d'une cote de plancher au-dessus des plus hautes eaux connues.",
    ),
    (
        "Bruno Lefèvre",
        "DDFiP du Territoire de Belfort",
        "bruno.lefevre@ddfip.demo",
        "Quelle est la valeur vénale du terrain d'assiette ?",
        True,
        "Estimation domaniale jointe ; à ne pas diffuser avant la négociation.",
    ),
    (
        "Paul Girard",
        "CAUE du Territoire de Belfort",
        "paul.girard@caue.demo",
        "Quel parti architectural recommandez-vous pour l'extension ?",
        False,
        None,
    ),
]


def charger_avis(users):
    point = (
        PointOrdreDuJour.objects.filter(
            demande__isnull=False, interne=False, seance__date__gte=timezone.now()
        )
        .select_related("demande")
        .first()
    )
    if point is None or Avis.objects.filter(demande=point.demande).exists():
        return
    date_limite = timezone.localdate() + datetime.timedelta(days=10)
    for nom, organisme, email, question, confidentiel, reponse in AVIS:
        avis = services.demander_avis(
            demande=point.demande,
            par=users["agent@ddt.demo"],
            expert_nom=nom,
            expert_organisme=organisme,
            expert_email=email,
            question=question,
            date_limite=date_limite,
            confidentiel=confidentiel,
        )
        if reponse:
            services.repondre_avis(
                avis=avis,
                texte=reponse,
                fichiers=[
                    SimpleUploadedFile(
                        "avis.pdf", pdf_de_demo(f"Avis — {organisme}"), "application/pdf"
                    )
                ],
            )
