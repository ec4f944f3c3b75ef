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
