"""A stored French full-text vector of each demande, kept by PostgreSQL itself, with a GIN index.

The vector joins the title, the description and the collectivité's name. A trigger computes it
on every insert and on every update of those columns, bulk writes included; the dashboard's
search then reads an index instead of parsing 100,000 texts (issue #10). Nothing on SQLite,
where the search is a plain substring search.
"""

import django.contrib.postgres.search
from django.db import migrations

CREER = """
CREATE FUNCTION demandes_demande_recherche() RETURNS trigger AS $$
BEGIN
    NEW.recherche := to_tsvector(
        'french'::regconfig,
        coalesce(NEW.titre, '') || ' ' || coalesce(NEW.description, '') || ' ' || coalesce(
            (SELECT nom FROM territoire_collectivite WHERE id = NEW.collectivite_id), ''
        )
    );
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER demandes_demande_recherche
    BEFORE INSERT OR UPDATE OF titre, description, collectivite_id ON demandes_demande
    FOR EACH ROW EXECUTE FUNCTION demandes_demande_recherche();

UPDATE demandes_demande SET titre = titre;

CREATE INDEX demandes_demande_recherche_gin ON demandes_demande USING gin (recherche);
"""

SUPPRIMER = """
DROP INDEX IF EXISTS demandes_demande_recherche_gin;
DROP TRIGGER IF EXISTS demandes_demande_recherche ON demandes_demande;
DROP FUNCTION IF EXISTS demandes_demande_recherche();
"""


def sur_postgresql(sql):
    def executer(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return executer


class Migration(migrations.Migration):
    dependencies = [
        ("demandes", "0007_type_evenement_comite"),
        ("territoire", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="demande",
            name="recherche",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(sur_postgresql(CREER), sur_postgresql(SUPPRIMER)),
    ]
