"""Queries compiled to SQL once per process, then only run: the hot paths' small fixed queries.

Building and compiling a queryset costs the ORM a fixed 0.3 ms for a query of one row (the
header's unread count, a person's roles), and 3 ms for the dashboard's list (a dozen subqueries
and joins): more than PostgreSQL takes to answer. Where a query's SQL depends on nothing but a
few identifiers, it is the same at each request: compiled once under a key made of them, it is
only run again, and its rows converted as the ORM converts them (SQLAlchemy's compiled cache
does the same). The least recently used are forgotten first: a compiled page of the
dashboard's list holds about 75 KB, so at most some 20 MB per process.

Only for querysets whose SQL is fixed by their key: never one that embeds the time or
anything read from the database to build it (the dashboard's filters are validated first: a
value that no longer exists is not kept).
"""

import threading
from collections import OrderedDict

from django.core.exceptions import EmptyResultSet
from django.db import connections


class RequeteCompilee:
    """A ``values_list`` queryset as SQL, compiled once and run again as it is."""

    def __init__(self, queryset):
        self.base = queryset.db
        self._compilateur = queryset.query.get_compiler(self.base)
        try:
            self.sql, self.parametres = self._compilateur.as_sql()
        except EmptyResultSet:  # a condition that nothing meets: no query at all
            self.sql = None

    def lignes(self):
        """The rows, as tuples in the order of the ``values_list`` fields."""
        if self.sql is None:
            return []
        with connections[self.base].cursor() as curseur:
            curseur.execute(self.sql, self.parametres)
            rangees = curseur.fetchall()
        return list(self._compilateur.results_iter(results=[rangees], tuple_expected=True))


class Compilees:
    def __init__(self, taille=256):
        self.taille = taille
        self._requetes = OrderedDict()
        self._verrou = threading.Lock()

    def lignes(self, cle, construire):
        """The rows of the query ``cle``; ``construire()`` gives its ``values_list`` queryset
        the first time (and after it was forgotten)."""
        with self._verrou:
            requete = self._requetes.get(cle)
            if requete is not None:
                self._requetes.move_to_end(cle)
        if requete is None:
            requete = RequeteCompilee(construire())
            with self._verrou:
                self._requetes[cle] = requete
                while len(self._requetes) > self.taille:
                    self._requetes.popitem(last=False)
        return requete.lignes()

    def vider(self):
        with self._verrou:
            self._requetes.clear()


compilees = Compilees()
