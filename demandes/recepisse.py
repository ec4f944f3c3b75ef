"""The filing receipt (récépissé de dépôt): a PDF saying what was filed, when, by whom.

It attests the filing, not that the demande is admissible. Rendered by WeasyPrint like the
comité's documents (``comite.pdf``), from the demande as it was filed: the documents listed
are those it held when it was filed.
"""

from django.utils import timezone

from comite import pdf as rendu

GABARIT = "demandes/pdf/recepisse.html"


def contexte(demande):
    return {
        "demande": demande,
        "thematiques": list(demande.thematiques.all()),
        "pieces": list(
            demande.pieces.filter(
                message__isnull=True, complement__isnull=True, date_depot__lte=demande.date_depot
            ).order_by("date_depot", "pk")
        ),
        "genere_le": timezone.now(),
    }


def pdf(demande):
    """The receipt's PDF bytes; ``comite.pdf.PdfIndisponible`` without Pango."""
    return rendu.rendre(GABARIT, contexte(demande))
