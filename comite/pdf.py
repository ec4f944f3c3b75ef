"""The printable agenda and record of decisions, rendered by WeasyPrint from local files only.

The stylesheet and the DSFR's Marianne font are read from disk: rendering never reaches the
network, and user text only ever enters the HTML through the templates' escaping.
"""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

DOSSIER = Path(__file__).resolve().parent / "templates" / "comite" / "pdf"
FEUILLE_DE_STYLE = DOSSIER / "document.css"
GRAISSES = {"Regular": ("normal", "normal"), "Bold": ("bold", "normal"), "Medium": (500, "normal")}


def _polices():
    """@font-face rules pointing at django-dsfr's Marianne files (skipped if not found)."""
    regles = []
    for nom, (graisse, style) in GRAISSES.items():
        chemin = finders.find(f"dsfr/dist/fonts/Marianne-{nom}.woff")
        if chemin:
            regles.append(
                "@font-face { font-family: Marianne; "
                f"src: url('{Path(chemin).as_uri()}'); font-weight: {graisse}; "
                f"font-style: {style}; }}"
            )
    return "\n".join(regles)


class PdfIndisponible(Exception):
    """WeasyPrint cannot load its system libraries (Pango) on this machine."""


def rendre(gabarit, contexte):
    """The PDF bytes of ``gabarit`` rendered with ``contexte``."""
    return mettre_en_pages(gabarit, contexte).write_pdf()


def mettre_en_pages(gabarit, contexte):
    """``gabarit`` rendered with ``contexte`` as a WeasyPrint document, laid out in pages: each
    page tells which ``id`` it holds (``page.anchors``); ``write_pdf()`` gives its bytes."""
    # Imported on use: loading pango is slow, and only the printed documents need it.
    try:
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration
    except OSError as erreur:
        raise PdfIndisponible(str(erreur)) from erreur

    polices = FontConfiguration()
    html = render_to_string(gabarit, contexte)
    feuilles = [
        CSS(string=_polices(), font_config=polices),
        CSS(filename=str(FEUILLE_DE_STYLE), font_config=polices),
    ]
    return HTML(string=html, base_url=str(DOSSIER)).render(
        stylesheets=feuilles, font_config=polices
    )
