from django.db import migrations

# Written out rather than imported: a migration must keep the name it was written with.
NOM = "Comité local de cohésion des territoires du Territoire de Belfort"


def creer(apps, schema_editor):
    apps.get_model("comite", "Comite").objects.get_or_create(nom=NOM)


class Migration(migrations.Migration):
    dependencies = [("comite", "0001_comite_seances_ordre_du_jour")]

    operations = [migrations.RunPython(creer, migrations.RunPython.noop)]
