"""The project's own middlewares (settings.MIDDLEWARE says where each one runs)."""

from django.middleware.security import SecurityMiddleware
from django.utils.cache import patch_cache_control


class EntetesDeSecurite(SecurityMiddleware):
    """Django's SecurityMiddleware headers (HSTS, nosniff, Referrer-Policy, COOP) and nothing
    else, outermost, so that no response lacks them.

    Django's own SecurityMiddleware, further down, builds its HTTPS redirect from the Host
    header: for a host not in ALLOWED_HOSTS it raises DisallowedHost in process_request, and a
    middleware that raises there never runs its process_response, so the 400 would go out
    without its headers. It stays in MIDDLEWARE for the redirect and for ``check --deploy``.
    """

    def process_request(self, request):
        return None


def pas_de_cache_partage(get_response):
    """``Cache-Control: private, no-store`` on every page of a logged-in person and on every
    download: no shared proxy nor browser cache keeps a demande, an export, a PDF or someone's
    data. A page whose view set Cache-Control itself keeps it (``never_cache`` on /sante/); a
    download (``Content-Disposition``) is never stored, whoever asked for it."""

    def middleware(request):
        reponse = get_response(request)
        if reponse.has_header("Content-Disposition") or (
            not reponse.has_header("Cache-Control") and request.user.is_authenticated
        ):
            patch_cache_control(reponse, private=True, no_store=True)
        return reponse

    return middleware
