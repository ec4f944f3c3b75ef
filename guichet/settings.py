"""Settings of the Guichet unique, read from the environment (and ``.env`` when present).

Embedded defaults let ``make run`` work on a bare machine: SQLite, tasks run in-process,
mail printed on the console, ``DEBUG`` on. With ``DEBUG`` off every default is the safe one
and ``SECRET_KEY`` and ``ALLOWED_HOSTS`` must be given.
"""

from email.utils import getaddresses, parseaddr
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)

_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production-guichet-unique-90"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY or (not DEBUG and SECRET_KEY == _DEV_SECRET_KEY):
    raise ImproperlyConfigured("SECRET_KEY doit être défini quand DEBUG est désactivé.")

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The address people reach the portal at, used in emails (no request there).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Démarches Simplifiées, where the State's agents open the prefilled DETR/DSIL dossiers (its
# « préremplir » links); another instance of the same software may be named here.
DS_URL = env.str("DS_URL", default="https://www.demarches-simplifiees.fr").rstrip("/")

# What the State site's mandatory pages (legal notices, personal data, accessibility) say that
# only the operator of a deployment knows. Left empty, the pages say it is still to be given.
# The publisher (« la préfecture du Doubs »): left empty, the pages name the State's services
# in the départements the portal serves, as one instance may serve several.
EDITEUR = env.str("EDITEUR", default="")
DIRECTEUR_PUBLICATION = env.str("DIRECTEUR_PUBLICATION", default="")
EDITEUR_ADRESSE = env.str("EDITEUR_ADRESSE", default="")
CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="")
DPO_CONTACT = env.str("DPO_CONTACT", default="")
HEBERGEUR_NOM = env.str("HEBERGEUR_NOM", default="")
HEBERGEUR_ADRESSE = env.str("HEBERGEUR_ADRESSE", default="")
HEBERGEUR_TELEPHONE = env.str("HEBERGEUR_TELEPHONE", default="")

INSTALLED_APPS = [
    # Django's admin, whose default site asks staff for their second factor (django-otp).
    "guichet.apps.AdminDuGuichetConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "widget_tweaks",
    "dsfr",
    "crispy_forms",
    "guardian",
    "csp",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guichet.comptes",
    "guichet.territoire",
    "guichet.notifications",
    "operateurs",
    "demandes",
    "comite",
    "avis",
    "accompagnement",
    "tableau",
    "api",
    "demarches",
    "donnees",
    "national",
    "demo",
    "django.forms",
]

MIDDLEWARE = [
    # The security headers first, outside anything that may refuse a request: an unknown Host
    # is refused (400, DisallowedHost) by SecurityMiddleware's HTTPS redirect or by
    # CommonMiddleware, and only the middlewares around the one that refuses add their headers.
    "guichet.middleware.EntetesDeSecurite",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor (the admin).
    "django_otp.middleware.OTPMiddleware",
    # After the authentication it reads: personal pages and downloads are never cached.
    "guichet.middleware.pas_de_cache_partage",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before any view reads the body (the CSRF check reads POST), after what its page needs.
    "guichet.limites.TailleDesRequetesMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it answers a locked-out login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "guichet.urls"
WSGI_APPLICATION = "guichet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "guichet.context_processors.portail",
                "operateurs.context_processors.boite",
            ],
            "libraries": {"francais": "guichet.francais"},
        },
    },
]

# Forms render with the project's template engine (its templates parsed once, cached): the
# project's templates/django/forms/ first, then django-dsfr's widget templates, then Django's
# own ("django.forms", last of INSTALLED_APPS).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # PostgreSQL compiles with JIT any plan whose estimated cost is high, and a collectivité's
    # permission-filtered list is estimated so: half a second of compiling per query for 70 ms
    # of work, one second per page at 100,000 demandes (bench/charge.py). It also spreads a
    # large count over parallel workers: a little faster for one person alone, but a third to a
    # half more CPU per dashboard, which the other people's requests wait for under load (the
    # median of every page under locust went from 170 to 90 ms without). This portal only runs
    # short queries, so both are off for its connections; options from DATABASE_URL are kept.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = " ".join(
        [_options.get("options", ""), "-c jit=off", "-c max_parallel_workers_per_gather=0"]
    ).strip()
else:
    # The dashboard's figures are counted on an index that also holds the columns they read
    # (``include``, demandes/models.py): PostgreSQL's, which SQLite builds without them.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "comptes.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any login attempt while the email and address are locked out.
    "axes.backends.AxesStandaloneBackend",
    # Then: refuses, before any password hash, a client address beyond its attempts.
    "guichet.comptes.securite.LimiteDeConnexionsBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# No guardian "anonymous user" row: anonymous people never hold object permissions here.
ANONYMOUS_USER_NAME = None

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling: after 5 failures for one email from one client address, 15 minutes of
# lockout for that email from that address only (django-axes).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HEURES", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "comptes/verrouille.html"
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "guichet.comptes.securite.identifiant_de_connexion"
AXES_CLIENT_IP_CALLABLE = "guichet.comptes.securite.adresse_du_client"
# How many reverse proxies stand in front of gunicorn, each appending to X-Forwarded-For the
# address it received the request from. 0: people reach gunicorn directly, the header is ignored.
PROXYS_DEVANT_LE_PORTAIL = env.int("AXES_PROXY_COUNT", default=0)
# Every login attempt costs a password hash: beyond this many attempts from one client address
# (whatever the accounts) within AXES_COOLOFF_HEURES, that address waits (HTTP 429).
CONNEXIONS_PAR_IP = env.int("CONNEXIONS_PAR_IP", default=30)
# Password-reset requests within an hour: per email address asked for, per client address.
REINITIALISATIONS_PAR_ADRESSE = env.int("REINITIALISATIONS_PAR_ADRESSE", default=3)
REINITIALISATIONS_PAR_IP = env.int("REINITIALISATIONS_PAR_IP", default=10)

# ProConnect, the State's OpenID Connect federation (README, « S'identifier avec ProConnect »).
# Given a client id and the discovery URL (or the issuer, whose discovery URL is the standard
# one), the login page offers the button; without them nothing changes.
PROCONNECT_ISSUER = env.str("PROCONNECT_ISSUER", default="").rstrip("/")
PROCONNECT_DISCOVERY_URL = env.str(
    "PROCONNECT_DISCOVERY_URL",
    default=f"{PROCONNECT_ISSUER}/.well-known/openid-configuration" if PROCONNECT_ISSUER else "",
)
PROCONNECT_CLIENT_ID = env.str("PROCONNECT_CLIENT_ID", default="")
PROCONNECT_CLIENT_SECRET = env.str("PROCONNECT_CLIENT_SECRET", default="")
PROCONNECT_SCOPES = env.str(
    "PROCONNECT_SCOPES", default="openid email given_name usual_name siret uid"
)
# Seconds of clock difference with ProConnect tolerated on the tokens' dates (exp, iat).
PROCONNECT_TOLERANCE_HORLOGE = env.int("PROCONNECT_TOLERANCE_HORLOGE", default=60)
# Seconds the portal waits for each call to ProConnect (discovery, keys, token, userinfo).
PROCONNECT_DELAI_RESEAU = env.float("PROCONNECT_DELAI_RESEAU", default=10)
# Where a person without any attachment lands after signing in with ProConnect: a URL name.
PROCONNECT_PAGE_SANS_RATTACHEMENT = env.str(
    "PROCONNECT_PAGE_SANS_RATTACHEMENT", default="comptes:demande_acces"
)
# False: State staff (préfecture, DDT) may no longer sign in with a password while ProConnect
# is configured; the login form tells them to use ProConnect.
CONNEXION_MOT_DE_PASSE_AGENTS_ETAT = env.bool("CONNEXION_MOT_DE_PASSE_AGENTS_ETAT", default=True)
# Second factor of the staff accounts (is_staff, superusers): TOTP, asked by the admin. The
# name authenticator apps show next to the code.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Guichet unique 90")

LOGIN_URL = "comptes:connexion"
LOGIN_REDIRECT_URL = "accueil"
LOGOUT_REDIRECT_URL = "accueil"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

LANGUAGE_CODE = "fr-fr"
# First of the catalogs: keeps Django's French where Django REST framework's differs.
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# The largest body a form may send: 10 documents of 10 MB (demandes/fichiers.py) and its text
# fields. Larger requests are refused unread, with a 413 (guichet/limites.py).
TAILLE_REQUETE_MAX = 105 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Email: EMAIL_URL (smtp://user:pass@host:port, smtp+tls://…) or the console in development.
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env.str(
        "EMAIL_BACKEND",
        default="django.core.mail.backends.console.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend",
    )
    EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
    EMAIL_PORT = env.int("EMAIL_PORT", default=25)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "courriels"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Guichet unique <ne-pas-repondre@guichet-unique.local>"
)
# The organiser of the comité's calendar invitations ("Nom <adresse>"): by default the
# sender's address, and the préfecture of the comité's département as its name
# (« Préfecture du Doubs »); a name given here is every comité's.
COMITE_ORGANISATEUR = env.str("COMITE_ORGANISATEUR", default=parseaddr(DEFAULT_FROM_EMAIL)[1])
# The sender of the error reports, and the address SECURITY.md sends vulnerabilities to.
SERVER_EMAIL = env.str("SERVER_EMAIL", default="") or DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[Guichet unique] "
# Who receives each server error (500) with its traceback: "Nom <adresse>, Autre <adresse>".
_admins = env.str("ADMINS", default="")
ADMINS = [(nom, adresse) for nom, adresse in getaddresses([_admins]) if nom or adresse]
for _nom, _adresse in ADMINS:
    try:
        validate_email(_adresse)
    except ValidationError:
        raise ImproperlyConfigured(
            f"ADMINS : « {_admins} » n'est pas une liste d'adresses "
            "« Nom <adresse@exemple.fr> » séparées par des virgules."
        ) from None

# Celery: Redis as the broker when configured; otherwise tasks run in the calling process.
REDIS_URL = env.str("REDIS_URL", default="")

# Django's cache framework (the login attempts' counters, guichet/comptes/securite.py), shared
# by every web process in Redis when Redis is configured; in memory otherwise (one process).
CACHE_URL = env.str("CACHE_URL", default=REDIS_URL)
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "guichet",
            # A cache that does not answer is skipped, never waited on.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A message taken by a worker that dies unacknowledged goes back to the queue after this delay.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60),
    # How often a worker looks for such messages: about interval times throttle seconds.
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# A request must never wait on a broker that is down: publishing fails fast, beat re-queues.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BEAT_SCHEDULE = {
    "relancer-les-notifications": {
        "task": "guichet.notifications.tasks.relancer_notifications",
        "schedule": 60.0,
    },
    "recapitulatif-quotidien": {
        "task": "guichet.notifications.tasks.envoyer_recapitulatifs",
        "schedule": crontab(hour=7, minute=0),
        "args": ["quotidienne"],
    },
    "recapitulatif-hebdomadaire": {
        "task": "guichet.notifications.tasks.envoyer_recapitulatifs",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
        "args": ["hebdomadaire"],
    },
    "relances-de-l-etat": {
        "task": "demandes.tasks.envoyer_relances_etat",
        "schedule": crontab(hour=7, minute=30),
    },
    "conservation-des-demandes": {
        "task": "demandes.tasks.appliquer_la_conservation",
        "schedule": crontab(hour=3, minute=0),
    },
    "pieces-en-attente": {
        "task": "demandes.tasks.nettoyer_les_pieces_en_attente",
        "schedule": crontab(hour=3, minute=30),
    },
    # The reminders to whoever is late (operators, collectivités, experts), once per delay.
    "relances-des-retardataires": {
        "task": "demandes.tasks.envoyer_les_relances",
        "schedule": crontab(hour=9, minute=0),
    },
    "relances-des-experts": {
        "task": "avis.tasks.relancer_les_experts",
        "schedule": crontab(hour=9, minute=5),
    },
    "seances-non-closes": {
        "task": "comite.tasks.rappeler_seances_non_closes",
        "schedule": crontab(hour=8, minute=0),
    },
    "relancer-les-webhooks": {
        "task": "api.tasks.relancer_webhooks",
        "schedule": 60.0,
    },
    # « Où en êtes-vous ? »: once per period of each supported demande (idempotent).
    "points-d-etape": {
        "task": "accompagnement.tasks.demander_les_points_d_etape",
        "schedule": crontab(hour=8, minute=15),
    },
}
# The REST API (api/): organisation tokens only (no session: a browser gets a 401), French
# RFC 9457 problems, one rate per token, the OpenAPI schema by drf-spectacular.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentification.JetonAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.PorteeDuJeton"],
    "DEFAULT_THROTTLE_CLASSES": ["api.limites.ParJeton"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.erreurs.gestionnaire",
}
API_DEBIT = env.str("API_DEBIT", default="120/min")
SPECTACULAR_SETTINGS = {
    "TITLE": "API du Guichet unique des comités locaux de cohésion des territoires",
    "DESCRIPTION": (
        "Lecture des demandes, de leur historique, des séances et des référentiels ; réponses "
        "des opérateurs à leurs orientations. Authentification : « Authorization: Bearer "
        "<jeton> » (jeton d'organisation créé sur /api/jetons/). Erreurs : RFC 9457."
    ),
    "VERSION": "1.0.0",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # One name per choice set of the domain (the fields named « statut » are four sets).
    "ENUM_NAME_OVERRIDES": {
        "StatutDemandeEnum": "demandes.models.Statut",
        "StatutOrientationEnum": "operateurs.models.StatutOrientation",
        "StatutSeanceEnum": "comite.models.StatutSeance",
    },
}
# Webhooks (api/tasks.py): a few seconds per attempt, growing delays between attempts, and a
# subscription disabled after this many failed attempts in a row (its creator is told).
WEBHOOKS_DELAI_RESEAU = env.float("WEBHOOKS_DELAI_RESEAU", default=5)
WEBHOOKS_BACKOFF_SECONDES = env.int("WEBHOOKS_BACKOFF_SECONDES", default=60)
WEBHOOKS_TENTATIVES_MAX = env.int("WEBHOOKS_TENTATIVES_MAX", default=6)
WEBHOOKS_ECHECS_AVANT_DESACTIVATION = env.int("WEBHOOKS_ECHECS_AVANT_DESACTIVATION", default=20)
# Addresses a subscription may target: public HTTPS only, unless (development, tests) allowed.
WEBHOOKS_ADRESSES_LOCALES = env.bool("WEBHOOKS_ADRESSES_LOCALES", default=DEBUG)

# The home page's to-dos (guichet/a_faire.py): functions of the user, from the apps that hold
# the work, each returning a list of ``AFaire`` (the ground names none of these apps).
ACCUEIL_A_FAIRE = [
    "demandes.accueil.a_faire",
    "guichet.comptes.accueil.a_faire",
    "operateurs.accueil.a_faire",
    "comite.accueil.a_faire",
]
# The partners the home page names (« Les opérateurs partenaires »): a function returning
# objects with a ``nom``, from the app that holds them.
ACCUEIL_PARTENAIRES = "operateurs.accueil.partenaires"
# The national view's figures are counted again at most this often (seconds; national/).
VUE_NATIONALE_FRAICHEUR = 5 * 60
# Emails whose link is made when they are sent, never stored in the outbox: event → function
# of the outbox row returning the link (an expert's signed page).
NOTIFICATIONS_LIENS_FAITS_A_L_ENVOI = {
    "avis_demande": "avis.jetons.lien_de_la_notification",
    "avis_relance": "avis.jetons.lien_de_la_notification",
}
# An expert's link stays valid this many days after the avis's deadline (then a new request).
AVIS_LIEN_JOURS_APRES_LIMITE = env.int("AVIS_LIEN_JOURS_APRES_LIMITE", default=30)
# RGPD: what a person's export of their data adds to their account, from the other apps:
# functions of the user that return JSON-ready data (comptes names none of these apps).
COMPTES_DONNEES_PERSONNELLES = ["demandes.rgpd.donnees_personnelles"]
# RGPD: closed demandes keep their personal data this long, then are purged after a notice.
CONSERVATION_MOIS = env.int("CONSERVATION_MOIS", default=60)
PREAVIS_JOURS = env.int("PREAVIS_JOURS", default=30)

# First retry delay after an SMTP failure; each next one is four times longer.
NOTIFICATIONS_BACKOFF_SECONDES = env.int("NOTIFICATIONS_BACKOFF_SECONDES", default=60)
# What the notification preferences page shows under the choice of frequency: functions of the
# request that return HTML, from the apps that have something to offer there (the
# notifications app names none of them).
NOTIFICATIONS_SECTIONS_DES_PREFERENCES = ["demandes.notifications.sourdines_des_preferences"]
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="guichet")

# Forms: crispy drives the layout, django-dsfr the markup of each field (templates/dsfr/).
CRISPY_ALLOWED_TEMPLATE_PACKS = ["dsfr"]
CRISPY_TEMPLATE_PACK = "dsfr"
CRISPY_FAIL_SILENTLY = not DEBUG
DSFR_MARK_OPTIONAL_FIELDS = True
# django-dsfr marks alert and message content safe unless told otherwise: user text never is.
DSFR_CONTENT_IS_SAFE = False

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Security: safe by default once DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# /sante/ tells which service fails only to administrators and to a monitoring that sends
# "Authorization: Bearer <SANTE_JETON>"; anyone else learns whether the portal works, no more.
SANTE_JETON = env.str("SANTE_JETON", default="")


def _origine(url):
    adresse = urlsplit(url)
    return f"{adresse.scheme}://{adresse.netloc}"


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        # « Préparer le dossier DETR/DSIL » posts here, then redirects to DS: browsers check a
        # form's redirect against form-action too.
        "form-action": [SELF, _origine(DS_URL)],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "hors_debug": {"()": "django.utils.log.RequireDebugFalse"},
        # An expert's link is a secret: its path is masked in every line written.
        "sans_jeton": {"()": "avis.journaux.MasquerLesJetons"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["sans_jeton"]},
        # Each server error to ADMINS, with its traceback (nobody when ADMINS is empty).
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["hors_debug", "sans_jeton"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Replaces Django's default handlers, which would print each line twice and mail every
        # django.security error to ADMINS (any scanner's unknown Host header): the root's
        # console prints, and only the errors of a request are mailed.
        "django": {"handlers": [], "level": "INFO"},
        "django.request": {"handlers": ["mail_admins"]},
        "django.db.backends": {"level": "INFO"},
        "celery.app.trace": {"level": env.str("CELERY_LOG_LEVEL", default="WARNING")},
        "axes": {"level": "WARNING"},
    },
}
