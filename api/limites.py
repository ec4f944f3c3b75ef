from rest_framework.throttling import SimpleRateThrottle


class ParJeton(SimpleRateThrottle):
    """Requests per token (``API_DEBIT``, e.g. ``120/min``), kept in Django's cache."""

    scope = "jeton"

    def get_rate(self):
        from django.conf import settings

        return settings.API_DEBIT

    def get_cache_key(self, request, view):
        if request.auth is None or not hasattr(request.auth, "pk"):
            return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        return self.cache_format % {"scope": self.scope, "ident": f"jeton-{request.auth.pk}"}
