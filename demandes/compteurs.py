"""The dashboard's counters, kept in the cache between two changes of the demandes.

Counting every visible demande by status, tab, theme and commune, and the median delays, scans
the whole table: at 100,000 demandes it costs more than the rest of the page. These figures only
move when a demande, its themes, labels or routings, or a person's follows change, so they are
cached under a *generation* that every such write increments (right away, and again once the
transaction commits: a figure computed from the state before the commit can never be stored
under the generation that follows it). Time also moves them (« beyond its delay », « this
month »): nothing is kept longer than ``DUREE``.

The cache is shared by every web process when Redis is configured (see settings.CACHES); when it
is unreachable, the figures are computed as if nothing were cached, and the page still works.
"""

import hashlib
import logging
import time

from django.core.cache import cache
from django.db import transaction

journal = logging.getLogger(__name__)

CLE_GENERATION = "tableau:generation"
DUREE = 120  # seconds


def _generation():
    generation = cache.get(CLE_GENERATION)
    if generation is None:
        # A fresh start (empty or flushed cache) must not meet figures stored before it.
        cache.add(CLE_GENERATION, time.time_ns(), timeout=None)
        generation = cache.get(CLE_GENERATION)
    return generation


def _incrementer():
    try:
        cache.incr(CLE_GENERATION)
    except ValueError:  # the key is gone (eviction, flush): any new value invalidates
        cache.set(CLE_GENERATION, time.time_ns(), timeout=None)
    except Exception:  # an unreachable cache must never fail a write
        journal.warning("Cache injoignable : les compteurs du tableau de bord seront recalculés.")


def invalider():
    """Make every cached figure stale: now, and when the current transaction commits."""
    _incrementer()
    transaction.on_commit(_incrementer)


def cle(*parties):
    empreinte = hashlib.sha256("\x1f".join(str(p) for p in parties).encode()).hexdigest()
    return f"tableau:{empreinte}"


class Lecture:
    """The cached figures of one display: the generation is read once, then each figure."""

    def __init__(self):
        try:
            self.generation = _generation()
        except Exception:
            journal.warning("Cache injoignable : compteurs du tableau de bord calculés sans cache.")
            self.generation = None

    def memoriser(self, nom, parties, calcul):
        """``calcul()``, or its value cached for this generation and ``parties``."""
        if self.generation is None:
            return calcul()
        cle_complete = cle(nom, self.generation, *parties)
        try:
            valeur = cache.get(cle_complete)
        except Exception:
            journal.warning("Cache injoignable : compteurs du tableau de bord calculés sans cache.")
            return calcul()
        if valeur is None:
            valeur = calcul()
            try:
                cache.set(cle_complete, valeur, timeout=DUREE)
            except Exception:
                journal.warning("Cache injoignable : compteurs du tableau de bord non conservés.")
        return valeur


def _sur_changement(sender, **kwargs):
    invalider()


def _sur_liens(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        invalider()


def brancher():
    """Connect the writes that move a counter (called from DemandesConfig.ready).

    Follows (``Suivi``) are not connected: reading a demande saves its ``Suivi`` too, and must
    not empty the cache; ``equipe.suivre`` invalidates instead.
    """
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from operateurs.models import Orientation

    from .models import Demande, Etiquette

    for modele in (Demande, Orientation):
        post_save.connect(_sur_changement, sender=modele, dispatch_uid=f"compteurs-{modele}")
        post_delete.connect(_sur_changement, sender=modele, dispatch_uid=f"compteurs-d-{modele}")
    for lien in (Demande.thematiques.through, Etiquette.demandes.through):
        m2m_changed.connect(_sur_liens, sender=lien, dispatch_uid=f"compteurs-{lien}")
