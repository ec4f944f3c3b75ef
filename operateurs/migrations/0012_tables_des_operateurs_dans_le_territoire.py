# The operators and their local teams move to the territory's reference data (issue #18; see
# territoire's migration 0007). Their tables take the new app's names here, with their
# many-to-many tables, and so do their content types, hence their permissions: what groups and
# the admin's history hold stays attached. ``run_before``: the domain orders itself after the
# ground's step, the ground's migration names no domain app.

from django.db import migrations

MODELES = ["operateur", "equipeoperateur"]


def changer_d_application(apps, schema_editor, de, vers):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label=de, model__in=MODELES
    ).update(app_label=vers)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("operateurs", "0011_index_de_la_boite"),
    ]
    run_before = [("territoire", "0007_operateurs_et_leurs_equipes")]

    operations = [
        migrations.AlterModelTable("operateur", "territoire_operateur"),
        migrations.AlterModelTable("equipeoperateur", "territoire_equipeoperateur"),
        migrations.RunPython(
            lambda apps, editeur: changer_d_application(apps, editeur, "operateurs", "territoire"),
            lambda apps, editeur: changer_d_application(apps, editeur, "territoire", "operateurs"),
        ),
    ]
