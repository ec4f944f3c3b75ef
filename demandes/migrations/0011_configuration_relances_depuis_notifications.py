"""The delays of the State's morning digest come from notifications, with their row.

The model is first declared on the table notifications left (no SQL), then the table is
renamed to demandes_configurationrelances: a rename keeps the row and costs no copy on SQLite
or PostgreSQL, and the model needs no ``db_table`` pinning it to another app's name. Its
content type moves too, so that the permissions granted on it and its admin history follow.
"""

from django.db import migrations, models


def deplacer_le_type_de_contenu(depuis, vers):
    def deplacer(apps, schema_editor):
        ContentType = apps.get_model('contenttypes', 'ContentType')
        if not ContentType.objects.filter(app_label=vers, model='configurationrelances').exists():
            ContentType.objects.filter(app_label=depuis, model='configurationrelances').update(
                app_label=vers
            )

    return deplacer


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('demandes', '0010_index_referent_statut'),
        ('notifications', '0002_configuration_relances_vers_demandes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ConfigurationRelances',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('delai_prise_en_charge', models.PositiveSmallIntegerField(default=5, verbose_name='déposée et non prise en charge depuis (jours)')),
                        ('delai_complement', models.PositiveSmallIntegerField(default=15, verbose_name='complément demandé sans réponse depuis (jours)')),
                        ('delai_operateur', models.PositiveSmallIntegerField(default=15, verbose_name="orientée sans réponse d'opérateur depuis (jours)")),
                        ('actif', models.BooleanField(default=True, verbose_name='envoyer le récapitulatif du matin')),
                    ],
                    options={
                        'verbose_name': 'configuration des relances',
                        'verbose_name_plural': 'configuration des relances',
                        'db_table': 'notifications_configurationrelances',
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name='configurationrelances', table=None),
        migrations.RunPython(
            deplacer_le_type_de_contenu('notifications', 'demandes'),
            deplacer_le_type_de_contenu('demandes', 'notifications'),
        ),
    ]
