"""The version of the figures counted over every filed demande.

The State's dashboard keeps those figures in Django's cache under this version (see
``tableau.selectors.chiffres_generaux``). Every service that changes a demande records an
``Evenement`` and calls ``demandes_changees()`` in its transaction: once it commits, the version
changes, and the next display counts anew. Nobody sees a figure older than their own last action.
"""

import logging
import time

from django.core.cache import cache
from django.db import transaction

CLE = "demandes:version-des-chiffres"
logger = logging.getLogger(__name__)


def _nouvelle_version():
    cache.set(CLE, time.time_ns(), None)


def demandes_changees():
    """Change the version now, for what this transaction reads next, and again when it commits:
    figures counted by another request meanwhile, from the data as it was before, are never read
    after the commit. An unreachable cache is logged, never a failed write."""
    try:
        _nouvelle_version()
    except Exception:  # the cache's own connection errors: the commit will try again
        logger.warning("Version des chiffres non changée : cache injoignable", exc_info=True)
    transaction.on_commit(_nouvelle_version, robust=True)


def version():
    """The current version; a new one, recorded, when the cache has none (emptied, evicted)."""
    courante = cache.get(CLE)
    if courante is None:
        cache.add(CLE, time.time_ns(), None)
        courante = cache.get(CLE)
    return courante
