# The operators moved to the territory's reference data (territoire's migration 0007): the
# foreign keys follow them in Django's state; the table they point to is the same.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('api', '0002_departement_des_services'),
        ('territoire', '0007_operateurs_et_leurs_equipes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='abonnement',
                    name='operateur',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territoire.operateur', verbose_name='opérateur'),
                ),
                migrations.AlterField(
                    model_name='jetonapi',
                    name='operateur',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territoire.operateur', verbose_name='opérateur'),
                ),
            ],
        ),
    ]
