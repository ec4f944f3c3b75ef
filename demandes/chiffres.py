"""The versions of the figures counted over the filed demandes: one per département.

The State's dashboard keeps those figures in Django's cache under the versions of the
départements it shows (see ``tableau.selectors.chiffres_generaux``). Every service that changes
a demande records an ``Evenement`` and calls ``demandes_changees(departement_id)`` in its
transaction: once it commits, that département's version changes, and the next display of its
figures counts anew. Nobody sees a figure older than their own last action, and a change in one
département leaves the figures of the 100 others in the cache (issue #23). The superuser's
figures, over every département, follow the version of the whole country, which every change
renews too.
"""

import logging
import time

from django.core.cache import cache
from django.db import transaction

CLE = "demandes:version-des-chiffres"
TOUT = "tout"
logger = logging.getLogger(__name__)


def _cle(departement):
    """The cache key of a département's version (its id), or of the whole country's (``TOUT``)."""
    return f"{CLE}:{departement}"


def _nouvelles_versions(cles):
    cache.set_many(dict.fromkeys(cles, time.time_ns()), None)


def demandes_changees(departement_id):
    """Change the versions of ``departement_id`` (and of the whole country) now, for what this
    transaction reads next, and again when it commits: figures counted by another request
    meanwhile, from the data as it was before, are never read after the commit. An unreachable
    cache is logged, never a failed write."""
    cles = [_cle(departement_id), _cle(TOUT)]
    try:
        _nouvelles_versions(cles)
    except Exception:  # the cache's own connection errors: the commit will try again
        logger.warning("Version des chiffres non changée : cache injoignable", exc_info=True)
    transaction.on_commit(lambda: _nouvelles_versions(cles), robust=True)


def version(departements=None):
    """The current version of the figures of ``departements`` (ids; every département when
    None), as one text; a new one, recorded, for a département the cache has none of
    (emptied, evicted)."""
    cles = [_cle(TOUT)] if departements is None else [_cle(d) for d in sorted(departements)]
    courantes = cache.get_many(cles)
    for cle in cles:
        if cle not in courantes:
            cache.add(cle, time.time_ns(), None)
            courantes[cle] = cache.get(cle)
    return "-".join(str(courantes[cle]) for cle in cles)
