from rest_framework import permissions

from .models import JetonApi


class PorteeDuJeton(permissions.BasePermission):
    """A token reads with either scope; it writes only with the « écriture » one."""

    message = "Ce jeton n'a que la portée « lecture »."

    def has_permission(self, request, view):
        if not isinstance(request.auth, JetonApi):
            return False
        return request.method in permissions.SAFE_METHODS or request.auth.peut_ecrire
