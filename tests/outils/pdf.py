"""Reading the portal's PDFs in tests (WeasyPrint, which needs Debian's Pango)."""

import pytest

from comite.pdf import PdfIndisponible


def pdf_ou_sauter(client, url):
    """``client``'s answer to ``url``, a PDF page answered 200; the test is skipped where Pango
    is missing (the renderer's error, or the page's 503)."""
    try:
        reponse = client.get(url)
    except PdfIndisponible:
        pytest.skip("Pango absent")
    if reponse.status_code == 503:
        pytest.skip("Pango absent")
    assert reponse.status_code == 200
    return reponse
