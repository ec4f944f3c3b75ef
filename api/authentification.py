"""``Authorization: Bearer gu_…``: the token's digest is looked up, the request then acts as
the organisation's technical account; the token rides along as ``request.auth``."""

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .models import JetonApi
from .services import empreinte


class JetonAuthentication(authentication.BaseAuthentication):
    mot_cle = "Bearer"

    def authenticate(self, request):
        entete = authentication.get_authorization_header(request).decode("latin-1").split()
        if not entete or entete[0].lower() != self.mot_cle.lower():
            return None
        if len(entete) != 2:
            raise exceptions.AuthenticationFailed("En-tête Authorization mal formé.")
        jeton = (
            JetonApi.objects.select_related("compte", "operateur")
            .filter(empreinte=empreinte(entete[1]), date_revocation__isnull=True)
            .first()
        )
        if jeton is None:
            raise exceptions.AuthenticationFailed("Jeton inconnu ou révoqué.")
        maintenant = timezone.now()
        derniere = jeton.date_derniere_utilisation
        if derniere is None or (maintenant - derniere).total_seconds() > 60:
            JetonApi.objects.filter(pk=jeton.pk).update(date_derniere_utilisation=maintenant)
        return jeton.compte, jeton

    def authenticate_header(self, request):
        return self.mot_cle


class JetonAuthenticationSchema(OpenApiAuthenticationExtension):
    target_class = JetonAuthentication
    name = "jeton"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "Jeton d'organisation gu_…"}
