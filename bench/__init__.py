"""Benchmarks (issue #10): ``make bench``; see bench/README.md. Importing sets Django up.

Pages are measured as production serves them: ``DEBUG`` off (cached templates, hashed static
files: ``donnees.preparer()`` collects them), a key of the run's own, mail kept in memory.
``BENCH_DEBUG=1`` measures the development settings instead.
"""

import os
import secrets

import django

if os.environ.get("BENCH_DEBUG") != "1":
    os.environ["DEBUG"] = "False"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
django.setup()
