"""A notification points to what it is about through the content types, not to a demande.

Three steps, each in its own transaction (on PostgreSQL, updating the rows then altering the
table in one transaction fails on the pending foreign-key checks): the new columns here, the
rows of the demandes filled in 0005, the foreign key to demandes dropped in 0006.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('notifications', '0003_sourdine_vers_demandes'),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='objet_type',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype', verbose_name="type de l'objet"),
        ),
        migrations.AddField(
            model_name='notification',
            name='objet_id',
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="identifiant de l'objet"),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(fields=['objet_type', 'objet_id'], name='notification_objet_idx'),
        ),
    ]
