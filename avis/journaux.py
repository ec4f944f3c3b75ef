"""Keeping experts' links out of the logs: a request's path ``/avis/<jeton>/`` is a secret."""

import logging
import re

MOTIF = re.compile(r"/avis/[^/\s\"'?#]+")
MASQUE = "/avis/[jeton masqué]"


def masquer(texte):
    return MOTIF.sub(MASQUE, texte)


class MasquerLesJetons(logging.Filter):
    """Rewrites each record's message with the expert's token masked (« Not Found: /avis/… »
    from ``django.request``, the development server's access lines); a server error on that
    page is mailed without the request, which would carry the path."""

    def filter(self, record):
        message = record.getMessage()
        propre = masquer(message)
        if propre != message:
            record.msg, record.args = propre, ()
        requete = getattr(record, "request", None)
        if requete is not None and MOTIF.search(getattr(requete, "path", "") or ""):
            record.request = None
        return True
