"""The demandes muted by each person come from notifications, with their rows.

As for the delays of the digest (0011): the model is first declared on the table notifications
left (no SQL), then the table is renamed to demandes_sourdine, a rename that keeps the rows and
copies nothing; its content type moves too, with the permissions granted on it.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def deplacer_le_type_de_contenu(depuis, vers):
    def deplacer(apps, schema_editor):
        ContentType = apps.get_model('contenttypes', 'ContentType')
        if not ContentType.objects.filter(app_label=vers, model='sourdine').exists():
            ContentType.objects.filter(app_label=depuis, model='sourdine').update(app_label=vers)

    return deplacer


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('demandes', '0011_configuration_relances_depuis_notifications'),
        ('notifications', '0003_sourdine_vers_demandes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Sourdine',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateTimeField(auto_now_add=True)),
                        ('demande', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sourdines', to='demandes.demande')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sourdines', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'demande en sourdine',
                        'verbose_name_plural': 'demandes en sourdine',
                        'constraints': [models.UniqueConstraint(fields=('user', 'demande'), name='sourdine_unique')],
                        'db_table': 'notifications_sourdine',
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name='sourdine', table=None),
        migrations.RunPython(
            deplacer_le_type_de_contenu('notifications', 'demandes'),
            deplacer_le_type_de_contenu('demandes', 'notifications'),
        ),
    ]
