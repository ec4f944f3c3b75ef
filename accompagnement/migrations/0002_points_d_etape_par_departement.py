"""The settings of the progress points by département (issue #23), as the reminders' delays:
the one row read until now becomes the Territoire de Belfort's."""

import django.db.models.deletion
from django.db import migrations, models


def reglages_du_90(apps, schema_editor):
    """The one row read until now (``pk=1``) holds the Territoire de Belfort's settings; any
    other was never read."""
    ConfigurationPointsEtape = apps.get_model("accompagnement", "ConfigurationPointsEtape")
    Departement = apps.get_model("territoire", "Departement")
    ConfigurationPointsEtape.objects.exclude(pk=1).delete()
    ConfigurationPointsEtape.objects.filter(pk=1).update(
        departement=Departement.objects.get(code="90")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accompagnement", "0001_plan_d_action_points_d_etape_et_cloture"),
        ("territoire", "0004_charger_departements"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="configurationpointsetape",
            options={
                "ordering": ["departement__code"],
                "verbose_name": "configuration des points d'étape",
                "verbose_name_plural": "configuration des points d'étape",
            },
        ),
        migrations.AddField(
            model_name="configurationpointsetape",
            name="departement",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="configuration_points_etape",
                to="territoire.departement",
                verbose_name="département",
            ),
        ),
        migrations.RunPython(reglages_du_90, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="configurationpointsetape",
            name="departement",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="configuration_points_etape",
                to="territoire.departement",
                verbose_name="département",
            ),
        ),
    ]
