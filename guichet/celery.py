"""The Celery application.

With a broker configured (``REDIS_URL`` or ``CELERY_BROKER_URL``) tasks go through Redis to
the worker; without one they run eagerly in the calling process, so ``make run`` needs no
server. Every ``CELERY_*`` setting of ``guichet.settings`` configures it.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")

app = Celery("guichet")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def brancher(url, *, eager):
    """Point the app at the broker ``url`` (or run tasks in-process) and drop its connection
    pools: for the tests and the benchmarks, which switch brokers within one process."""
    from kombu import pools

    app.conf.broker_url = url
    app.conf.task_always_eager = eager
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
