"""The dashboard searches without accents and sorts in French order, on PostgreSQL (issue #17).

« salle des fetes » must find « Salle des fêtes »: the ``unaccent`` extension, and a text search
configuration ``french_unaccent``, the French one with ``unaccent`` before the French stemmer.
The trigger of 0008 now builds each stored vector in it (the search's query uses it too, see
``tableau/francais.py``), and every vector is computed again. « Étude » must sort among the E:
the sort uses ICU's French collation ``fr-x-icu``, which initdb imports into a PostgreSQL built
with ICU (Debian's, the official images); it is created here where it was not imported, and a
PostgreSQL without ICU fails here, clearly, rather than at the first sort. Nothing on SQLite (see
``tableau/francais.py``).
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


def fonction_de_recherche(configuration):
    return f"""
CREATE OR REPLACE FUNCTION demandes_demande_recherche() RETURNS trigger AS $$
BEGIN
    NEW.recherche := to_tsvector(
        '{configuration}'::regconfig,
        coalesce(NEW.titre, '') || ' ' || coalesce(NEW.description, '') || ' ' || coalesce(
            (SELECT nom FROM territoire_collectivite WHERE id = NEW.collectivite_id), ''
        )
    );
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

UPDATE demandes_demande SET titre = titre;
"""


CREER = (
    """
CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
ALTER TEXT SEARCH CONFIGURATION french_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_collation WHERE collname = 'fr-x-icu') THEN
        CREATE COLLATION "fr-x-icu" (provider = icu, locale = 'fr');
    END IF;
END
$$;
"""
    + fonction_de_recherche("french_unaccent")
)

# The collation stays: PostgreSQL's own where it was imported.
SUPPRIMER = fonction_de_recherche("french") + "DROP TEXT SEARCH CONFIGURATION french_unaccent;"


def sur_postgresql(sql):
    def executer(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return executer


class Migration(migrations.Migration):
    dependencies = [
        ("demandes", "0014_vues_enregistrees_vers_tableau"),
    ]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(sur_postgresql(CREER), sur_postgresql(SUPPRIMER)),
    ]
