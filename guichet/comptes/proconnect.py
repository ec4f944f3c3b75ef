"""ProConnect, the State's OpenID Connect federation: the protocol side of signing in.

Authlib's Django client does the OpenID Connect work: discovery, a ``state`` and a ``nonce``
kept in the session and checked on the way back (a callback is accepted once: its state is
forgotten as it is read), the code exchanged for tokens, the ID token's signature checked
against the issuer's keys (JWKS) and its ``iss``, ``aud`` (our client id), ``exp``, ``iat`` and
``nonce``. ProConnect answers the userinfo with a signed JWT (``application/jwt``); it is
checked here with the same keys (joserfc, Authlib's JOSE library), and its ``sub`` must be the
ID token's. Who the person is, once checked, is ``services.rapprocher_compte_proconnect``'s
business.
"""

import logging
import secrets
from dataclasses import dataclass
from functools import lru_cache

import requests
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

logger = logging.getLogger(__name__)

# The ID token of the ProConnect session, for the logout (id_token_hint).
CLE_ID_TOKEN = "proconnect_id_token"  # noqa: S105 (a session key, not a secret)
CLE_PAGE_SUIVANTE = "proconnect_page_suivante"

# ProConnect asks for state and nonce of at least 32 characters: 32 random bytes give 43.
OCTETS_ALEATOIRES = 32
ALGORITHMES_ASYMETRIQUES = ["RS256", "ES256"]


class ConnexionRefusee(Exception):
    """The sign-in cannot go on: ``message`` is for the person, ``raison`` for the logs."""

    def __init__(self, message, raison):
        super().__init__(raison)
        self.message = message
        self.raison = raison


REPONSE_INCONNUE = (
    "Cette réponse de ProConnect ne correspond à aucune connexion en cours dans ce navigateur : "
    "le lien a déjà servi, il est trop ancien ou il a été ouvert dans un autre navigateur. "
    "Recommencez la connexion depuis la page de connexion."
)
JETON_INVALIDE = (
    "L'identité transmise par ProConnect n'a pas pu être vérifiée (jeton expiré, destiné à un "
    "autre service ou mal signé). Personne n'a été connecté. Recommencez la connexion ; si le "
    "problème continue, signalez-le à l'administrateur du guichet unique."
)
INJOIGNABLE = (
    "ProConnect ne répond pas pour le moment. Réessayez dans quelques minutes, ou connectez-vous "
    "avec votre adresse électronique et votre mot de passe si vous en avez un."
)


@dataclass(frozen=True)
class Identite:
    """What ProConnect says of the person, checked; ``id_token`` serves the logout."""

    sub: str
    email: str
    prenom: str
    nom: str
    siret: str
    email_verifie: bool | None
    id_token: str


def est_configure():
    return bool(settings.PROCONNECT_DISCOVERY_URL and settings.PROCONNECT_CLIENT_ID)


@lru_cache(maxsize=8)
def _client(discovery_url, client_id, client_secret, scopes, delai):
    # One client per configuration and process: it keeps the discovery document and the keys
    # it fetched (the keys are fetched again when a token names an unknown one).
    return OAuth().register(
        name="proconnect",
        client_id=client_id,
        client_secret=client_secret,
        server_metadata_url=discovery_url,
        client_kwargs={
            "scope": scopes,
            # ProConnect reads the client's credentials in the body of the token request.
            "token_endpoint_auth_method": "client_secret_post",
            "default_timeout": delai,
        },
    )


def client():
    return _client(
        settings.PROCONNECT_DISCOVERY_URL,
        settings.PROCONNECT_CLIENT_ID,
        settings.PROCONNECT_CLIENT_SECRET,
        settings.PROCONNECT_SCOPES,
        settings.PROCONNECT_DELAI_RESEAU,
    )


def _aleatoire():
    return secrets.token_urlsafe(OCTETS_ALEATOIRES)


def rediriger_vers_proconnect(request, *, page_suivante=""):
    """The redirection to ProConnect's authorization endpoint, state and nonce kept in session."""
    request.session[CLE_PAGE_SUIVANTE] = page_suivante
    try:
        return client().authorize_redirect(
            request,
            request.build_absolute_uri(reverse("comptes:proconnect_retour")),
            state=_aleatoire(),
            nonce=_aleatoire(),
        )
    except requests.RequestException as erreur:
        raise ConnexionRefusee(INJOIGNABLE, f"découverte injoignable : {erreur}") from erreur


def page_suivante(request):
    """The page asked for before signing in, if it is one of ours."""
    page = request.session.pop(CLE_PAGE_SUIVANTE, "")
    if page and url_has_allowed_host_and_scheme(
        page, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return page
    return ""


def identite_du_retour(request):
    """Check ProConnect's answer on the callback URL and return the person's ``Identite``.

    Raises ``ConnexionRefusee`` when anything does not hold: unknown or reused state, an error
    from ProConnect, an ID token badly signed, expired, for another client or with another
    nonce, a userinfo that is not a signed JWT about the same person.
    """
    oidc = client()
    try:
        jetons = oidc.authorize_access_token(
            request,
            leeway=settings.PROCONNECT_TOLERANCE_HORLOGE,
            # Authlib checks iss by default and aud only through azp: the ID token must name
            # our client among its audience, whatever its azp says.
            claims_options={
                "iss": {"essential": True, "value": oidc.load_server_metadata()["issuer"]},
                "aud": {"essential": True, "value": settings.PROCONNECT_CLIENT_ID},
            },
        )
        if "userinfo" not in jetons:
            raise JoseError("pas de jeton d'identité dans la réponse du fournisseur")
        claims_id_token = jetons["userinfo"]
        infos = _userinfo(oidc, jetons, sub=claims_id_token["sub"])
    except MismatchingStateError as erreur:
        raise ConnexionRefusee(REPONSE_INCONNUE, "state inconnu ou déjà utilisé") from erreur
    except OAuthError as erreur:
        raise ConnexionRefusee(
            "ProConnect a interrompu la connexion. Recommencez depuis la page de connexion.",
            f"erreur du fournisseur : {erreur.error} {erreur.description}",
        ) from erreur
    except JoseError as erreur:
        raise ConnexionRefusee(JETON_INVALIDE, f"jeton refusé : {erreur}") from erreur
    except requests.RequestException as erreur:
        raise ConnexionRefusee(INJOIGNABLE, f"fournisseur injoignable : {erreur}") from erreur
    email_verifie = infos.get("email_verified")
    return Identite(
        sub=claims_id_token["sub"],
        email=infos.get("email") or "",
        prenom=infos.get("given_name") or "",
        nom=infos.get("usual_name") or "",
        siret=infos.get("siret") or "",
        email_verifie=None if email_verifie is None else bool(email_verifie),
        id_token=jetons["id_token"],
    )


def _userinfo(oidc, jetons, *, sub):
    """The userinfo, a JWT signed with the issuer's keys, about ``sub`` and, when it says so,
    from our issuer and for our client."""
    metadonnees = oidc.load_server_metadata()
    # Asked directly rather than through Authlib's session, which counts a token as expired a
    # minute before its end: ProConnect's access tokens live 60 seconds.
    reponse = requests.get(
        metadonnees["userinfo_endpoint"],
        headers={"Authorization": f"Bearer {jetons['access_token']}"},
        timeout=settings.PROCONNECT_DELAI_RESEAU,
    )
    reponse.raise_for_status()
    if not reponse.headers.get("Content-Type", "").startswith("application/jwt"):
        raise JoseError("le userinfo n'est pas un JWT signé (application/jwt)")
    algorithmes = [
        alg
        for alg in metadonnees.get("userinfo_signing_alg_values_supported", ["RS256"])
        if alg in ALGORITHMES_ASYMETRIQUES
    ]
    try:
        jeton = jwt.decode(
            reponse.text, KeySet.import_key_set(oidc.fetch_jwk_set()), algorithms=algorithmes
        )
    except InvalidKeyIdError:
        jeton = jwt.decode(
            reponse.text,
            KeySet.import_key_set(oidc.fetch_jwk_set(force=True)),
            algorithms=algorithmes,
        )
    jwt.JWTClaimsRegistry(
        leeway=settings.PROCONNECT_TOLERANCE_HORLOGE,
        sub={"essential": True, "value": sub},
        iss={"value": metadonnees["issuer"]},
        aud={"value": settings.PROCONNECT_CLIENT_ID},
    ).validate(jeton.claims)
    return jeton.claims


def url_de_deconnexion(request, *, id_token):
    """The URL of ProConnect's end_session_endpoint that ends the person's ProConnect session,
    with the ID token as hint and a state checked on the way back."""
    reponse = client().logout_redirect(
        request,
        post_logout_redirect_uri=request.build_absolute_uri(
            reverse("comptes:proconnect_deconnexion_retour")
        ),
        id_token_hint=id_token,
        state=_aleatoire(),
    )
    return reponse.url


def deconnexion_confirmee(request):
    """Whether ProConnect came back from the logout with the state we sent."""
    try:
        client().validate_logout_response(request)
    except OAuthError:
        return False
    return True


def page_apres_connexion(user):
    """Where a person lands after signing in with ProConnect when no page was asked for.

    The one place to change it: a person attached to nothing yet goes to
    ``PROCONNECT_PAGE_SANS_RATTACHEMENT``; the others to the home page.
    """
    if not user.is_superuser and not user.rattachements.exists():
        return reverse(settings.PROCONNECT_PAGE_SANS_RATTACHEMENT)
    return reverse(settings.LOGIN_REDIRECT_URL)
