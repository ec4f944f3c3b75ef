"""The dashboard's counters, kept in the cache between two changes of the demandes.

Counting every visible demande by status, tab, theme and commune, and the median delays, scans
the whole table: at 100,000 demandes it costs more than the rest of the page. These figures only
move when a demande, its themes, labels or routings, or a person's follows change, so they are
cached with the *generation* they were counted for, which every such write increments (right
away, and again once the transaction commits: a figure computed from the state before the
commit can never pass for one of the generation that follows it). Time also moves them
(« beyond its delay », « this month »): nothing is kept longer than ``DUREE``, nor shown older
than ``DUREE_DERNIERES``.

The figures over every filed demande (those of the default view, the same for each agent) are
not recounted by the page that first meets a change: when a Celery worker runs the tasks, that
page shows the last figures counted, provided the first change they miss is at most
``TOLERANCE`` seconds old, and asks the worker to recount them (``recompter``); the next pages
read the new ones. The beat also has them recounted every minute, so that they never expire.
Without a worker (tasks run in-process), or past that tolerance, the page counts them itself.

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
CLE_REFERENTIEL = "tableau:referentiel"  # themes, communes, operators, agents, labels…
CLE_RECOMPTAGE = "tableau:recomptage"
CLE_CHANGEMENT = "tableau:changement"  # when the first change since the last recount was made
DUREE = 120  # seconds
TOLERANCE = 60  # seconds: how long a change may stay out of the figures shown
# The recount waits this long: the page that follows a change (the agent's own, redirected to
# the dashboard) does not share the machine with it, and a burst of changes makes one recount.
DELAI_RECOMPTAGE = 2  # seconds
# How long the last figures counted may stand in while a worker recounts (« beyond its delay »
# and « this month » move with time; the beat recounts every minute).
DUREE_DERNIERES = 600  # seconds
DUREE_FRAGMENTS = 3600  # seconds: rendered HTML, kept under keys that change with its content


def _generations(lues=None):
    """The generation of the demandes' figures and that of the lists the filters offer, from
    ``lues`` (a read of the cache that asked for them) or read now."""
    if lues is None:
        lues = cache.get_many([CLE_GENERATION, CLE_REFERENTIEL])
    generations = {}
    for cle_generation in (CLE_GENERATION, CLE_REFERENTIEL):
        generations[cle_generation] = lues.get(cle_generation)
        if generations[cle_generation] is None:
            # A fresh start (empty or flushed cache) must not meet values stored before it.
            cache.add(cle_generation, time.time_ns(), timeout=None)
            generations[cle_generation] = cache.get(cle_generation)
    return generations[CLE_GENERATION], generations[CLE_REFERENTIEL]


def _incrementer(cle_generation):
    try:
        cache.incr(cle_generation)
    except ValueError:  # the key is gone (eviction, flush): any new value invalidates
        cache.set(cle_generation, time.time_ns(), timeout=None)


def _changer():
    """A new generation, and the time of the first change the figures miss."""
    try:
        _incrementer(CLE_GENERATION)
        # Never expires: only a recount, which the figures then reflect, takes it away.
        cache.add(CLE_CHANGEMENT, time.time(), timeout=None)
    except Exception:  # an unreachable cache must never fail a write
        journal.warning("Cache injoignable : les compteurs du tableau de bord seront recalculés.")


def _changer_le_referentiel():
    try:
        _incrementer(CLE_REFERENTIEL)
    except Exception:
        journal.warning("Cache injoignable : les filtres du tableau de bord seront recalculés.")


def invalider():
    """Make every cached figure stale: now, and when the current transaction commits."""
    _changer()
    transaction.on_commit(_changer)


def cle(*parties):
    empreinte = hashlib.sha256("\x1f".join(str(p) for p in parties).encode()).hexdigest()
    return f"tableau:{empreinte}"


def lire_ou_rendre(rendus, duree, quoi):
    """``{cle: valeur}`` for ``rendus`` = ``{cle: rendu}``: read from the cache at once, what is
    missing made by its ``rendu()`` and stored for ``duree`` seconds; ``quoi`` names them in
    the warnings of an unreachable cache, when everything is made afresh."""
    try:
        lus = cache.get_many(list(rendus))
    except Exception:
        journal.warning(f"Cache injoignable : {quoi} rendus sans cache.")
        return {cle_: rendu() for cle_, rendu in rendus.items()}
    resultat, nouveaux = {}, {}
    for cle_, rendu in rendus.items():
        valeur = lus.get(cle_)
        if valeur is None:
            valeur = nouveaux[cle_] = rendu()
        resultat[cle_] = valeur
    if nouveaux:
        try:
            cache.set_many(nouveaux, timeout=duree)
        except Exception:
            journal.warning(f"Cache injoignable : {quoi} non conservés.")
    return resultat


def _taches_dans_le_processus():
    from guichet.celery import app

    return bool(app.conf.task_always_eager)


def _demander_un_recomptage():
    """Ask a worker to recount the general figures, once however many pages ask: True if the
    recount is on its way (asked now or already)."""
    from .tasks import recompter_le_tableau

    try:
        if not cache.add(CLE_RECOMPTAGE, "demande", timeout=TOLERANCE):
            return cache.get(CLE_RECOMPTAGE) != "injoignable"
        recompter_le_tableau.apply_async(countdown=DELAI_RECOMPTAGE)
    except Exception:
        # No broker: the pages count for themselves, without trying again for a while.
        journal.warning("Recomptage du tableau de bord non confié au worker : calculé sur place.")
        cache.set(CLE_RECOMPTAGE, "injoignable", timeout=TOLERANCE)
        return False
    return True


class Lecture:
    """The cached figures of one display.

    Each figure is kept under a key made of its name and ``parties``, with what it was counted
    for (the generation and its ``version``, such as the delays) and when: it is current for
    ``DUREE`` seconds, as long as neither changes. The generations, and every figure named in
    ``a_lire`` (``{nom: parties}``), are read at once: one round trip to the cache.

    ``perimee`` tells whether a figure of an earlier generation was served (see ``en_fond``).
    With ``recompter``, every figure is counted afresh and stored (the worker's recount).
    """

    def __init__(self, recompter=False, a_lire=None):
        self.recompter = recompter
        self.perimee = False
        self._tolere = None
        cles = [] if recompter else [cle(nom, *parties) for nom, parties in (a_lire or {}).items()]
        try:
            lues = cache.get_many([CLE_GENERATION, CLE_REFERENTIEL, CLE_CHANGEMENT, *cles])
            self.generation, self.referentiel = _generations(lues)
        except Exception:
            journal.warning("Cache injoignable : compteurs du tableau de bord calculés sans cache.")
            self.generation = self.referentiel = None
            lues = {}
        self._changement = lues.get(CLE_CHANGEMENT)
        self._lues = {cle_: lues.get(cle_) for cle_ in cles}

    def fragments(self, rendus, contenus=()):
        """``{nom: html}`` for ``rendus`` = ``{nom: (parties, rendu)}``: each ``rendu()`` (HTML
        built from the reference lists and ``parties`` only), or its value cached until one of
        those lists changes. ``contenus`` = ``{cle: rendu}``, HTML cached under a key made of
        its content (the table's rows), comes along as ``{cle: html}``: one read of the cache
        for all."""
        if self.referentiel is None:
            rendus = {nom: rendu for nom, (_, rendu) in rendus.items()}
            return {cle_: rendu() for cle_, rendu in {**rendus, **dict(contenus)}.items()}
        cles = {nom: cle(nom, self.referentiel, *parties) for nom, (parties, _) in rendus.items()}
        lus = lire_ou_rendre(
            {**{cles[nom]: rendu for nom, (_, rendu) in rendus.items()}, **dict(contenus)},
            DUREE_FRAGMENTS,
            "fragments du tableau de bord",
        )
        return {**{nom: lus[cles[nom]] for nom in rendus}, **{c: lus[c] for c in contenus}}

    def memoriser(self, nom, parties, calcul, en_fond=False, version=()):
        """``calcul()``, or its value cached for ``parties``, this generation and ``version``.

        ``en_fond``: when it is not current, the last value counted for this ``version`` will
        do (see the module's docstring) while a worker counts the new one.
        """
        if self.generation is None:
            return calcul()
        cle_ = cle(nom, *parties)
        pour = (self.generation, *version)
        try:
            if self.recompter:
                gardee = None
            elif cle_ in self._lues:
                gardee = self._lues[cle_]
            else:
                gardee = cache.get(cle_)
            valeur = self._valeur(gardee, pour, en_fond)
        except Exception:
            journal.warning("Cache injoignable : compteurs du tableau de bord calculés sans cache.")
            return calcul()
        if valeur is None:
            valeur = calcul()
            try:
                # The last value counted stands in longer (en_fond) than it is current.
                duree = DUREE_DERNIERES if en_fond else DUREE
                cache.set(cle_, (pour, time.time(), valeur), timeout=duree)
            except Exception:
                journal.warning("Cache injoignable : compteurs du tableau de bord non conservés.")
        return valeur

    def _valeur(self, gardee, pour, en_fond):
        """What this display may show of ``gardee`` = ``(pour, instant, valeur)``, or None."""
        if gardee is None:
            return None
        compte_pour, instant, valeur = gardee
        if compte_pour == pour and time.time() - instant <= DUREE:
            return valeur
        if not en_fond or compte_pour[1:] != pour[1:]:
            return None
        if self._tolere is None:  # decided once per display, whatever a worker does meanwhile
            self._tolere = _tolerer(self._changement)
        if not self._tolere:
            return None
        self.perimee = True
        return valeur


def _tolerer(changement):
    """Whether a display may show the last figures counted: tasks go to a worker, which is
    asked to recount, and the first change they miss (at ``changement``) is recent enough."""
    if _taches_dans_le_processus() or changement is None:
        return False
    # Asked even past the tolerance: the worker's recount is what clears the change.
    return _demander_un_recomptage() and time.time() - changement <= TOLERANCE


def recompter(figures):
    """The worker's side: ``figures(lecture)`` counted afresh under the current generation.

    The request is released first, so that a change made while counting asks for another
    recount; the time of the first change the figures miss is then that of the count's start
    if something changed meanwhile, none otherwise.
    """
    cache.delete(CLE_RECOMPTAGE)
    debut = time.time()
    lecture = Lecture(recompter=True)
    figures(lecture)
    if _generations()[0] == lecture.generation:
        cache.delete(CLE_CHANGEMENT)
    else:
        cache.set(CLE_CHANGEMENT, debut, timeout=None)


def _sur_changement(sender, **kwargs):
    invalider()


def _sur_liens(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        invalider()


def _sur_referentiel(sender, **kwargs):
    _changer_le_referentiel()
    transaction.on_commit(_changer_le_referentiel)


def _sur_retrait_du_referentiel(sender, **kwargs):
    """A label, theme… removed takes its links to the demandes along (no signal for those):
    the counts under its filter change too."""
    _sur_referentiel(sender)
    invalider()


def brancher():
    """Connect the writes that move a counter or a list of the filters (called from
    DemandesConfig.ready).

    Follows (``Suivi``) are not connected: reading a demande saves its ``Suivi`` too, and must
    not empty the cache; ``equipe.suivre`` invalidates instead.
    """
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from guichet.comptes.models import Rattachement, User
    from guichet.territoire.models import Collectivite, ProgrammeNational, Thematique
    from operateurs.models import Operateur, Orientation

    from .models import ConfigurationRelances, Demande, Etiquette

    for modele in (Demande, Orientation):
        post_save.connect(_sur_changement, sender=modele, dispatch_uid=f"compteurs-{modele}")
        post_delete.connect(_sur_changement, sender=modele, dispatch_uid=f"compteurs-d-{modele}")
    for lien in (Demande.thematiques.through, Etiquette.demandes.through):
        m2m_changed.connect(_sur_liens, sender=lien, dispatch_uid=f"compteurs-{lien}")
    # What the filters list (one change to any of them renders the filters anew), and the
    # delays (kept by each process for a generation of these lists).
    for modele in (
        ConfigurationRelances,
        Thematique,
        Collectivite,
        ProgrammeNational,
        Operateur,
        Etiquette,
        User,
        Rattachement,
    ):
        post_save.connect(_sur_referentiel, sender=modele, dispatch_uid=f"referentiel-{modele}")
        post_delete.connect(
            _sur_retrait_du_referentiel, sender=modele, dispatch_uid=f"referentiel-d-{modele}"
        )
