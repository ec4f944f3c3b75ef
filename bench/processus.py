"""Gunicorn and a real Celery worker on loopback, as subprocesses, for benchmarks 4 and 5.

Both run with production settings (``DEBUG=False``, a generated ``SECRET_KEY``,
``ALLOWED_HOSTS=127.0.0.1``, collected static files) on the database named by DATABASE_URL and
the Redis database named by BENCH_REDIS_URL, each in a process group of its own that is killed
whatever happens. No setting is relaxed for the benchmark: gunicorn is reached as production's
TLS-terminating proxy reaches it, with ``X-Forwarded-Proto: https`` (``SECURE_PROXY_SSL_HEADER``),
and the benchmark's clients keep the ``Secure`` session and CSRF cookies on 127.0.0.1
(``Navigateur`` here, the same in ``locustfile.py``).
"""

import ctypes
import fcntl
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

import redis
from celery import Celery
from django.conf import settings

RACINE = Path(__file__).resolve().parent.parent
HOTE = "127.0.0.1"
PR_SET_PDEATHSIG = 1


def url_redis():
    """The benchmark's Redis database, never the application's: it is emptied at each run, so
    it must be named, never guessed."""
    url = os.environ.get("BENCH_REDIS_URL")
    if not url:
        raise SystemExit(
            "BENCH_REDIS_URL non défini : la base Redis que le banc d'essai peut vider, "
            "ainsi que la suivante (son cache), par exemple redis://127.0.0.1:6379/14."
        )
    return url


def url_cache():
    """The benchmark's cache: the Redis database after the broker's, so that emptying the cache
    (a restart, measured) leaves the broker's queues and bindings alone."""
    base, _, numero = url_redis().rpartition("/")
    return f"{base}/{int(numero or 0) + 1}"


def vider_les_bases():
    """The benchmark's broker and cache, emptied."""
    for url in (url_redis(), url_cache()):
        vider_redis(url)


def vider_redis(url):
    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()


def environnement(*, dossier_courriels):
    """The whole environment of a server process: production settings, nothing inherited
    that the settings read (a developer's DEBUG or REDIS_URL would change what is measured)."""
    garde = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV")
    return {
        **{cle: os.environ[cle] for cle in garde if cle in os.environ},
        "DJANGO_SETTINGS_MODULE": "guichet.settings",
        "PYTHONPATH": str(RACINE),
        "PYTHONUNBUFFERED": "1",
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "REDIS_URL": url_redis(),
        "CELERY_BROKER_URL": url_redis(),
        "CACHE_URL": url_cache(),
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOTE,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(dossier_courriels),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "STATIC_ROOT": str(settings.STATIC_ROOT),
        "LOG_LEVEL": "WARNING",
        # Every simulated person logs in from 127.0.0.1: no per-address limit on logins here.
        "CONNEXIONS_PAR_IP": "1000000",
    }


def port_libre():
    with socket.socket() as prise:
        prise.bind((HOTE, 0))
        return prise.getsockname()[1]


def _sources_statiques():
    from django.contrib.staticfiles.finders import get_finders

    for finder in get_finders():
        for chemin, stockage in finder.list([]):
            yield Path(stockage.path(chemin))


def collecter_statiques(env):
    """``collectstatic`` as a deployment runs it, unless STATIC_ROOT is newer than every source.

    With DEBUG off the templates need the manifest of the hashed names. Compressing DSFR's
    assets takes about a minute, hence the check; a lock keeps two benchmarks from writing
    STATIC_ROOT at once, since a gunicorn that reads a half-written manifest answers 500.
    """
    manifeste = Path(settings.STATIC_ROOT) / "staticfiles.json"
    verrou = Path(tempfile.gettempdir()) / "guichet-bench-statiques.lock"
    with open(verrou, "w") as fichier:
        fcntl.flock(fichier, fcntl.LOCK_EX)
        if manifeste.exists():
            date = manifeste.stat().st_mtime
            if all(source.stat().st_mtime <= date for source in _sources_statiques()):
                return
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            cwd=RACINE,
            env=env,
            check=True,
            timeout=600,
        )


def _mourir_avec_le_parent():
    """In the child, before exec: SIGTERM when the benchmark dies, even killed (Linux only)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Serveur:
    """A subprocess in its own process group, its output in a log file."""

    nom = "serveur"

    def __init__(self, commande, env, dossier):
        self.commande = commande
        self.env = env
        self.journal = Path(dossier) / f"{self.nom}.log"
        self.processus = None

    def demarrer(self):
        with open(self.journal, "wb") as sortie:
            self.processus = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
                self.commande,
                cwd=RACINE,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=sortie,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_mourir_avec_le_parent,
            )
        return self

    def verifier_en_vie(self):
        if self.processus.poll() is not None:
            code = self.processus.returncode
            raise RuntimeError(f"{self.nom} s'est arrêté (code {code}) :\n{self.fin_du_journal()}")

    def fin_du_journal(self, taille=4000):
        try:
            return self.journal.read_text(errors="replace")[-taille:]
        except FileNotFoundError:
            return ""

    def _signaler(self, signal_):
        with suppress(ProcessLookupError):
            os.killpg(self.processus.pid, signal_)

    def arreter(self, delai=20):
        """SIGTERM to the whole group (master and workers), SIGKILL for what still runs after."""
        if self.processus is None:
            return
        self._signaler(signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            self.processus.wait(timeout=delai)
        self._signaler(signal.SIGKILL)
        self.processus.wait(timeout=10)


class Gunicorn(Serveur):
    nom = "gunicorn"

    def __init__(self, env, dossier, *, workers):
        self.port = port_libre()
        self.workers = workers
        self.url = f"http://{HOTE}:{self.port}"
        super().__init__(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "guichet.wsgi:application",
                "--bind",
                f"{HOTE}:{self.port}",
                "--workers",
                str(workers),
                "--graceful-timeout",
                "5",
            ],
            env,
            dossier,
        )

    def sante(self):
        """The status of /sante/ (200, or 503 without a worker), None while nothing answers."""
        try:
            with build_opener().open(f"{self.url}/sante/", timeout=5) as reponse:
                return reponse.status
        except HTTPError as erreur:
            return erreur.code
        except (URLError, ConnectionError, TimeoutError):
            return None

    def attendre(self, *, statuts=(200, 503), delai=60):
        limite = time.monotonic() + delai
        while (statut := self.sante()) not in statuts:
            self.verifier_en_vie()
            if time.monotonic() > limite:
                raise RuntimeError(
                    f"/sante/ répond {statut} après {delai} s :\n{self.fin_du_journal()}"
                )
            time.sleep(0.2)
        return self


class Worker(Serveur):
    nom = "worker"

    def __init__(self, env, dossier):
        self.identifiant = f"bench-{uuid.uuid4().hex[:8]}@{socket.gethostname()}"
        super().__init__(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "guichet",
                "worker",
                "-n",
                self.identifiant,
                "--without-mingle",
                "--without-gossip",
                "--loglevel",
                "WARNING",
            ],
            env,
            dossier,
        )

    def attendre(self, delai=60):
        # Not the current app: the project's shared tasks must not publish through this one.
        sonde = Celery(broker=self.env["CELERY_BROKER_URL"], set_as_current=False)
        try:
            limite = time.monotonic() + delai
            while not sonde.control.ping(destination=[self.identifiant], timeout=0.5):
                self.verifier_en_vie()
                if time.monotonic() > limite:
                    raise RuntimeError(
                        f"le worker n'a pas répondu en {delai} s :\n{self.fin_du_journal()}"
                    )
        finally:
            sonde.close()
        return self


@dataclass
class Serveurs:
    url: str
    dossier: Path
    dossier_courriels: Path
    gunicorn: Gunicorn
    worker: Worker


def _sigterm_en_sortie(signum, frame):
    raise SystemExit(128 + signum)


@contextmanager
def serveurs(*, workers=None):
    """Gunicorn and a Celery worker on an emptied Redis database; both stopped on the way out.

    ``workers``: gunicorn's, BENCH_GUNICORN_WORKERS or 3 as in the Dockerfile. The worker runs
    Celery's defaults (prefork, one process per core), as ``docker-compose.yml`` does.
    """
    workers = workers or int(os.environ.get("BENCH_GUNICORN_WORKERS", "3"))
    principal = threading.current_thread() is threading.main_thread()
    if principal:
        avant = signal.signal(signal.SIGTERM, _sigterm_en_sortie)  # so that `finally` runs
    with tempfile.TemporaryDirectory(prefix="guichet-bench-") as temporaire:
        dossier = Path(temporaire)
        dossier_courriels = dossier / "courriels"
        dossier_courriels.mkdir()
        env = environnement(dossier_courriels=dossier_courriels)
        collecter_statiques(env)
        vider_les_bases()
        gunicorn = Gunicorn(env, dossier, workers=workers)
        worker = Worker(env, dossier)
        try:
            worker.demarrer()
            gunicorn.demarrer()
            worker.attendre()
            # End to end: gunicorn sees the worker through the broker it publishes to.
            gunicorn.attendre(statuts=(200,))
            yield Serveurs(gunicorn.url, dossier, dossier_courriels, gunicorn, worker)
        finally:
            gunicorn.arreter()
            worker.arreter()
            vider_les_bases()
            if principal:
                signal.signal(signal.SIGTERM, avant)


class _CookiesDuProxy(DefaultCookiePolicy):
    """Sends ``Secure`` cookies over http to 127.0.0.1 only: the proxy's leg, never the web's."""

    def return_ok_secure(self, cookie, request):
        return request.host.split(":")[0] == HOTE or super().return_ok_secure(cookie, request)


class _SansRedirection(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Reponse:
    statut: int
    entetes: object
    corps: bytes


class Navigateur:
    """A person's browser on gunicorn, as seen through production's TLS proxy.

    Redirections are returned, not followed. POSTs carry the CSRF token and the ``Origin`` a
    browser sends, which Django checks on a secure request.
    """

    def __init__(self, url):
        self.url = url
        self.origine = "https://" + url.split("://", 1)[1]
        self.cookies = CookieJar(policy=_CookiesDuProxy())
        self.ouvreur = build_opener(HTTPCookieProcessor(self.cookies), _SansRedirection())

    def _envoyer(self, requete):
        requete.add_header("X-Forwarded-Proto", "https")
        try:
            with self.ouvreur.open(requete, timeout=60) as reponse:
                return Reponse(reponse.status, reponse.headers, reponse.read())
        except HTTPError as erreur:
            with erreur:
                return Reponse(erreur.code, erreur.headers, erreur.read())

    def get(self, chemin):
        return self._envoyer(Request(self.url + chemin))  # noqa: S310 (http on loopback only)

    def post(self, chemin, donnees):
        corps = urlencode({**donnees, "csrfmiddlewaretoken": self.jeton_csrf()}, doseq=True)
        requete = Request(self.url + chemin, data=corps.encode(), method="POST")  # noqa: S310
        requete.add_header("Origin", self.origine)
        requete.add_header("Referer", self.origine + chemin)
        return self._envoyer(requete)

    def jeton_csrf(self):
        return next((c.value for c in self.cookies if c.name == settings.CSRF_COOKIE_NAME), "")

    def connecter(self, email, mot_de_passe):
        self.get("/comptes/connexion/")
        reponse = self.post("/comptes/connexion/", {"username": email, "password": mot_de_passe})
        if reponse.statut != 302:
            raise RuntimeError(f"connexion de {email} refusée ({reponse.statut})")
        return self
