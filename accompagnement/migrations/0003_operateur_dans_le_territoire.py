# The operators moved to the territory's reference data (territoire's migration 0007): the
# foreign key follows them in Django's state; the table it points to is the same.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accompagnement', '0002_points_d_etape_par_departement'),
        ('territoire', '0007_operateurs_et_leurs_equipes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='action',
                    name='operateur',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territoire.operateur', verbose_name='opérateur porteur'),
                ),
            ],
        ),
    ]
