"""A real Celery worker in a subprocess, on the test's Redis and the test's PostgreSQL database."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from celery import Celery
from django.db import connection

RACINE = Path(__file__).resolve().parent.parent.parent


def url_base_de_test():
    reglages = connection.settings_dict
    if reglages["ENGINE"] != "django.db.backends.postgresql":
        return None
    utilisateur = reglages["USER"] or "postgres"
    mot_de_passe = f":{reglages['PASSWORD']}" if reglages["PASSWORD"] else ""
    hote = reglages["HOST"] or "127.0.0.1"
    port = reglages["PORT"] or "5432"
    return f"postgres://{utilisateur}{mot_de_passe}@{hote}:{port}/{reglages['NAME']}"


class Worker:
    def __init__(self, broker_url, nom, journal=None, **env):
        self.broker_url = broker_url
        self.journal = journal
        self.nom = nom
        self.env = {
            **os.environ,
            "REDIS_URL": broker_url,
            "CELERY_BROKER_URL": broker_url,
            "CACHE_URL": broker_url,
            "DJANGO_SETTINGS_MODULE": "guichet.settings",
            "PYTHONPATH": str(RACINE),
            **{cle: str(valeur) for cle, valeur in env.items()},
        }
        base = url_base_de_test()
        if base:
            self.env["DATABASE_URL"] = base
        self.processus = None

    def demarrer(self, delai=45):
        self.sortie = open(self.journal, "wb") if self.journal else subprocess.PIPE  # noqa: SIM115
        self.processus = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "guichet",
                "worker",
                "--pool=solo",
                "--without-mingle",
                "--without-gossip",
                "-n",
                f"{self.nom}@%h",
                "--loglevel=INFO",
            ],
            cwd=RACINE,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.sortie,
        )
        # Not the current app: shared tasks would otherwise publish through this bare one.
        sonde = Celery(broker=self.broker_url, set_as_current=False)
        try:
            limite = time.monotonic() + delai
            while not sonde.control.ping(
                destination=[f"{self.nom}@{os.uname().nodename}"], timeout=0.5
            ):
                if self.processus.poll() is not None:
                    raise RuntimeError(f"le worker s'est arrêté : {self.lire_journal()}")
                if time.monotonic() > limite:
                    raise RuntimeError(f"le worker n'a pas répondu en {delai} s")
        finally:
            sonde.close()
        return self

    def lire_journal(self):
        if self.journal:
            return Path(self.journal).read_text(errors="replace")[-3000:]
        return self.processus.stderr.read().decode(errors="replace")[-3000:]

    def tuer(self):
        """SIGKILL: no chance to acknowledge or clean up, like a machine that dies."""
        self.processus.send_signal(signal.SIGKILL)
        self.processus.wait(timeout=10)

    def arreter(self):
        if self.processus and self.processus.poll() is None:
            self.processus.terminate()
            try:
                self.processus.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.tuer()
        if self.processus and self.processus.stderr:
            self.processus.stderr.close()
        if self.journal and self.processus:
            self.sortie.close()


def attendre(condition, delai=30, pas=0.2):
    limite = time.monotonic() + delai
    while time.monotonic() < limite:
        if condition():
            return True
        time.sleep(pas)
    return condition()


def base_redis_du_processus(url, *, par_processus=1):
    """``url`` for a single pytest process; under pytest-xdist, worker N (``gwN``) takes the
    database N times ``par_processus`` after it, so that two workers never empty each other's."""
    rang = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    base, numero = url.rsplit("/", 1)
    return f"{base}/{int(numero) + rang * par_processus}"
