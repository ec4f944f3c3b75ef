"""The API's documentation page: Swagger UI from drf-spectacular-sidecar (static files, no CDN),
its start-up script inline under the CSP nonce, its styles in a static file."""

from drf_spectacular.views import SpectacularSwaggerView


class Documentation(SpectacularSwaggerView):
    template_name = "api/documentation.html"
    title = "API du Guichet unique"
