"""gunicorn's access log without the experts' tokens (``--logger-class``): the request line,
the path and the referrer of ``/avis/<jeton>/`` are written masked."""

from gunicorn.glogging import Logger

from .journaux import masquer


class JournalSansJetons(Logger):
    def atoms(self, resp, req, environ, request_time):
        atomes = super().atoms(resp, req, environ, request_time)
        for cle, valeur in list(atomes.items()):
            if isinstance(valeur, str):
                atomes[cle] = masquer(valeur)
        return atomes
