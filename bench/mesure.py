"""Timing helpers shared by the benchmarks: medians, pages through Django, their SQL floor."""

import os
import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

REPETITIONS = int(os.environ.get("BENCH_REPETITIONS", "7"))


def client(email):
    """A test client logged in as ``email``, reaching Django as production's TLS proxy does."""
    from django.test import Client

    from guichet.comptes.models import User

    navigateur = Client(headers={"x-forwarded-proto": "https"})
    user = User.objects.get(email=email)
    navigateur.force_login(user)
    if user.is_staff:
        _second_facteur_verifie(navigateur, user)
    return navigateur


def _second_facteur_verifie(navigateur, user):
    """The staff's session as after typing a good code (the admin asks for one): what
    ``django_otp.login`` records, on a confirmed TOTP device of the account."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    appareil, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Banc d'essai", defaults={"confirmed": True}
    )
    session = navigateur.session
    session[DEVICE_ID_SESSION_KEY] = appareil.persistent_id
    session.save()


def chronometrer(fonction, avant=None, repetitions=REPETITIONS):
    """Median wall time of ``fonction()`` in milliseconds; ``avant()`` runs untimed each time."""
    durees = []
    for _ in range(repetitions):
        if avant:
            avant()
        debut = time.perf_counter()
        fonction()
        durees.append((time.perf_counter() - debut) * 1000)
    return statistics.median(durees)


def page(client, url):
    def appeler():
        reponse = client.get(url)
        assert reponse.status_code == 200, (url, reponse.status_code)
        return reponse

    return appeler


def requetes_de(fonction):
    """The SELECTs ``fonction()`` sends (a server-side cursor's DECLARE as its plain SELECT)."""
    with CaptureQueriesContext(connection) as capture:
        fonction()
    requetes = []
    for requete in capture.captured_queries:
        sql = requete["sql"]
        if sql.startswith("DECLARE"):
            sql = sql[sql.index(" FOR ") + len(" FOR ") :]
        if sql.startswith("SELECT"):
            requetes.append(sql)
    return requetes, len(capture.captured_queries)


def plancher(fonction):
    """The floor of ``fonction()``: its own SQL, captured once then replayed directly on a
    connection of its own (Django's keeps the state of the captured run). Returns the replay
    function and the number of queries the call made."""
    import psycopg

    requetes, nombre = requetes_de(fonction)
    # The portal's own connection settings (JIT off among them), without Django in between.
    parametres = {**connection.get_connection_params(), "autocommit": True}
    parametres.pop("cursor_factory", None)
    brute = psycopg.connect(**parametres)

    def rejouer():
        with brute.cursor() as curseur:
            for sql in requetes:
                curseur.execute(sql)
                if curseur.description:
                    curseur.fetchall()

    return rejouer, nombre


def exporter(client, url):
    """An export read to its end, through the view: its size in bytes."""
    reponse = client.get(url)
    assert reponse.status_code == 200, (url, reponse.status_code)
    taille = 0
    for morceau in reponse.streaming_content:
        taille += len(morceau)
    reponse.close()
    return taille


def base_a_part(url, suffixe):
    """The URL of a database of its own on the server of ``url`` (its name and ``suffixe``),
    created if missing."""
    import psycopg

    url = url.rstrip("/")
    autre = f"{url}{suffixe}"
    nom = autre.rsplit("/", 1)[1]
    serveur = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(serveur, autocommit=True) as brute:
        existe = brute.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nom]).fetchone()
        if not existe:
            brute.execute(f'CREATE DATABASE "{nom}"')
    return autre
