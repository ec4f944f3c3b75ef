"""French text in the dashboard's queries: a search that ignores accents, a sort in French order.

On PostgreSQL the search reads the stored vector of each demande, built in the
``french_unaccent`` text search configuration (French stemming after ``unaccent``, see demandes'
migration 0015), and the sort uses ICU's French collation. On SQLite, the development database,
a ``sans_accents`` SQL function, registered on each connection, serves both: a substring search
and a sort on the case-folded text without its accents.
"""

import unicodedata

from django.db import connection
from django.db.models import F, Func, TextField
from django.db.models.functions import Collate

CONFIGURATION_DE_RECHERCHE = "french_unaccent"
COLLATION_FRANCAISE = "fr-x-icu"


def sans_accents(texte):
    """``texte`` case-folded, without its accents: « Étude » gives « etude »."""
    if texte is None:
        return None
    return "".join(
        caractere
        for caractere in unicodedata.normalize("NFKD", texte.casefold())
        if not unicodedata.combining(caractere)
    )


class SansAccents(Func):
    """``sans_accents`` in SQL: SQLite only (see ``enregistrer_sur_sqlite``)."""

    function = "sans_accents"
    output_field = TextField()


def enregistrer_sur_sqlite(sender, connection, **kwargs):
    """Give each new SQLite connection the ``sans_accents`` function (``connection_created``)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("sans_accents", 1, sans_accents, deterministic=True)


def en_ordre_francais(champ):
    """The text field ``champ`` as an expression that sorts in French order: « Étude » among
    the E, « école » before « Eau » ignoring case."""
    if connection.vendor == "postgresql":
        return Collate(F(champ), COLLATION_FRANCAISE)
    return SansAccents(F(champ))
