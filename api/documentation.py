"""The API's documentation page: Swagger UI from drf-spectacular-sidecar (static files, no CDN),
its start-up script inline under the CSP nonce, its styles in a static file."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView


@extend_schema_view(get=extend_schema(exclude=True))
class Schema(SpectacularAPIView):
    """The OpenAPI 3 schema, public (it describes the API, no data); not in itself.

    Its version is the one of its address: without it, drf-spectacular takes the ``version``
    of the query string into the schema and into the file name of ``Content-Disposition``,
    where a line break made a 500 (found by tests/securite/test_saisies_hostiles.py)."""

    api_version = "v1"


class Documentation(SpectacularSwaggerView):
    template_name = "api/documentation.html"
    title = "API du Guichet unique"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        reponse = super().get(request, *args, **kwargs)
        # drf-spectacular opens the page to other windows for OAuth2 pop-ups, which the API
        # does not use: the portal's policy stays.
        reponse.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        return reponse
