from django.db import migrations

from guichet.territoire.chargement import CODE_DEPARTEMENT, charger_departements


def charger(apps, schema_editor):
    Collectivite = apps.get_model("territoire", "Collectivite")
    Departement = apps.get_model("territoire", "Departement")
    charger_departements(apps.get_model("territoire", "Region"), Departement)
    # Until now the portal served the Territoire de Belfort alone: every collectivité it knows,
    # régions aside, is of the département 90.
    Collectivite.objects.exclude(type="region").filter(departement=None).update(
        departement=Departement.objects.get(code=CODE_DEPARTEMENT)
    )


class Migration(migrations.Migration):
    dependencies = [("territoire", "0003_departements_et_regions")]

    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
