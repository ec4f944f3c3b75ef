"""The project's URLs plus one view that fails, for the tests of the server error page."""

from django.urls import path

from guichet import urls as projet


def panne(request):
    raise RuntimeError("panne simulée par les tests")


urlpatterns = [*projet.urlpatterns, path("panne/", panne)]
handler400 = projet.handler400
handler403 = projet.handler403
handler404 = projet.handler404
handler500 = projet.handler500
