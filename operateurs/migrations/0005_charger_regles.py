from django.db import migrations

from operateurs.referentiel import charger_regles


def charger(apps, schema_editor):
    charger_regles(
        apps.get_model("operateurs", "Operateur"),
        apps.get_model("territoire", "Thematique"),
        apps.get_model("operateurs", "RegleOrientation"),
    )


class Migration(migrations.Migration):
    dependencies = [("operateurs", "0004_regles_et_orientations")]

    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
