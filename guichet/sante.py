"""Health of the services the portal needs: the database, the broker and a Celery worker.

Anyone may ask whether the portal works; which service fails, and why, is only told to the
administrators and to the monitoring that holds ``SANTE_JETON``.
"""

import secrets

from django.conf import settings
from django.db import DatabaseError, connection
from kombu import Connection

from guichet.celery import app
from guichet.comptes.roles import Role

DELAI_SECONDES = 2


def verifier_base():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as erreur:
        return {"statut": "indisponible", "detail": type(erreur).__name__}
    return {"statut": "ok", "detail": connection.vendor}


def verifier_broker_et_worker():
    """Ping the broker, then the workers through it. Without a broker tasks run in-process."""
    url = settings.CELERY_BROKER_URL
    if not url:
        en_processus = {
            "statut": "ok",
            "detail": "aucun broker : tâches exécutées dans le processus",
        }
        return en_processus, dict(en_processus)
    with Connection(url, connect_timeout=DELAI_SECONDES) as conn:
        try:
            # One retry, at once: kombu waits 2 s before it by default, which a broker that
            # refuses the connection made every health check of a down broker last.
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=DELAI_SECONDES)
        except Exception as erreur:  # kombu raises the transport's own errors
            indisponible = {"statut": "indisponible", "detail": type(erreur).__name__}
            return indisponible, {"statut": "inconnu", "detail": "broker indisponible"}
        # One answer is enough to say the queue is served: no waiting out the whole timeout.
        reponses = app.control.ping(timeout=DELAI_SECONDES / 2, connection=conn, limit=1) or []
    broker = {"statut": "ok", "detail": conn.transport_cls}
    if not reponses:
        return broker, {"statut": "indisponible", "detail": "aucun worker n'a répondu"}
    return broker, {"statut": "ok", "detail": "au moins un worker répond"}


def etat_de_sante():
    base = verifier_base()
    broker, worker = verifier_broker_et_worker()
    services = {"base_de_donnees": base, "broker": broker, "worker": worker}
    ok = all(service["statut"] == "ok" for service in services.values())
    return ok, {"statut": "ok" if ok else "degrade", "services": services}


def voit_le_detail(request):
    """True for a request bearing ``Authorization: Bearer <SANTE_JETON>``, or from a superuser
    or an administrator."""
    jeton = settings.SANTE_JETON
    recu = request.headers.get("Authorization", "")
    if jeton and secrets.compare_digest(recu.encode(), f"Bearer {jeton}".encode()):
        return True
    try:
        user = request.user
        return user.is_authenticated and (user.is_superuser or user.a_le_role(Role.ADMINISTRATEUR))
    except DatabaseError:
        # The session lives in the database: when it is down, the answer is the short one.
        return False
