"""Every API error as RFC 9457 problem details (``application/problem+json``), in French."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

TITRES = {
    400: "Requête invalide",
    401: "Authentification requise",
    403: "Action interdite",
    404: "Ressource introuvable",
    405: "Méthode non autorisée",
    406: "Format non disponible",
    409: "Conflit de version",
    415: "Type de contenu non pris en charge",
    422: "Action refusée",
    429: "Trop de requêtes",
}
MODIFIEE_ENTRE_TEMPS = "modifiee_entre_temps"


class Conflit(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "La ressource a été modifiée entre-temps."


class Refus(exceptions.APIException):
    """A service's refusal (``ValidationError``) of an action the token may attempt."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY


def _probleme(code, detail, request, **extra):
    corps = {
        "type": "about:blank",
        "title": TITRES.get(code, "Erreur"),
        "status": code,
        "detail": detail,
        "instance": request.path if request is not None else None,
        **extra,
    }
    return corps


def traduire_refus(refus):
    """A service's ``ValidationError``: a 409 when the demande changed meanwhile, else 422."""
    if any(getattr(e, "code", None) == MODIFIEE_ENTRE_TEMPS for e in refus.error_list):
        return Conflit(" ".join(refus.messages))
    erreurs = refus.message_dict if hasattr(refus, "error_dict") else {}
    exception = Refus(" ".join(refus.messages))
    exception.erreurs = erreurs
    return exception


def gestionnaire(exc, context):
    if isinstance(exc, ValidationError):
        exc = traduire_refus(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound("Ressource introuvable, ou que votre organisation ne voit pas.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    reponse = exception_handler(exc, context)
    if reponse is None:
        return None
    request = context.get("request")
    extra = {}
    if isinstance(exc, exceptions.ValidationError):
        detail = "Certains champs sont invalides."
        extra["erreurs"] = reponse.data
    else:
        detail = str(getattr(exc, "detail", "")) or TITRES.get(reponse.status_code, "Erreur")
        if getattr(exc, "erreurs", None):
            extra["erreurs"] = exc.erreurs
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        detail = f"Trop de requêtes pour ce jeton : réessayez dans {int(exc.wait) + 1} s."
    corps = _probleme(reponse.status_code, detail, request, **extra)
    return Response(
        corps,
        status=reponse.status_code,
        headers={k: v for k, v in reponse.items() if k.lower() != "content-type"},
        content_type="application/problem+json",
    )
