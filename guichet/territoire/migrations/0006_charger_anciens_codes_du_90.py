from django.db import migrations

from guichet.territoire.chargement import charger_anciens_codes


def charger(apps, schema_editor):
    charger_anciens_codes(
        apps.get_model("territoire", "Collectivite"), apps.get_model("territoire", "AncienCode")
    )


class Migration(migrations.Migration):
    dependencies = [("territoire", "0005_anciens_codes_insee")]

    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
