from django.db import migrations

from operateurs.referentiel import charger_operateurs


def charger(apps, schema_editor):
    charger_operateurs(apps.get_model("operateurs", "Operateur"), apps.get_model("territoire", "Thematique"))


class Migration(migrations.Migration):
    dependencies = [
        ("operateurs", "0002_initial"),
        ("territoire", "0002_charger_territoire_et_referentiels"),
    ]

    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
