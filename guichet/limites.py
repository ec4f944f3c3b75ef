"""Refuse, before reading it, a request body larger than any form of the portal accepts."""

from django.conf import settings
from django.shortcuts import render


class TailleDesRequetesMiddleware:
    """413 when the declared body passes ``TAILLE_REQUETE_MAX``.

    Django bounds the text fields of a request (``DATA_UPLOAD_MAX_MEMORY_SIZE``), not its files;
    the WSGI request reads no more than ``CONTENT_LENGTH`` bytes, so checking it bounds all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            taille = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            taille = 0
        if taille > settings.TAILLE_REQUETE_MAX:
            limite = settings.TAILLE_REQUETE_MAX // (1024 * 1024)
            return render(request, "erreurs/413.html", {"limite_mo": limite}, status=413)
        return self.get_response(request)
