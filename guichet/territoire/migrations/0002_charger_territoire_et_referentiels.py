from django.db import migrations

from guichet.territoire.chargement import charger_referentiels, charger_territoire


def charger(apps, schema_editor):
    charger_territoire(apps.get_model("territoire", "Collectivite"))
    charger_referentiels(
        apps.get_model("territoire", "Thematique"), apps.get_model("territoire", "ProgrammeNational")
    )


class Migration(migrations.Migration):
    dependencies = [("territoire", "0001_initial")]

    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
