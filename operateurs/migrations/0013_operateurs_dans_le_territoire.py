# The operators moved to the territory's reference data (territoire's migration 0007): this
# app's foreign keys follow them and the models leave its state, once every other app's keys
# have followed. Nothing changes in the database: the tables are territoire's now.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accompagnement', '0003_operateur_dans_le_territoire'),
        ('api', '0003_operateur_dans_le_territoire'),
        ('comptes', '0007_operateur_dans_le_territoire'),
        ('operateurs', '0012_tables_des_operateurs_dans_le_territoire'),
        ('territoire', '0007_operateurs_et_leurs_equipes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='operateur',
                    name='groupe',
                ),
                migrations.RemoveField(
                    model_name='operateur',
                    name='thematiques',
                ),
                migrations.AlterField(
                    model_name='orientation',
                    name='operateur',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='orientations', to='territoire.operateur', verbose_name='opérateur'),
                ),
                migrations.AlterField(
                    model_name='regleorientation',
                    name='operateur',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='regles', to='territoire.operateur', verbose_name='opérateur'),
                ),
                migrations.DeleteModel(
                    name='EquipeOperateur',
                ),
                migrations.DeleteModel(
                    name='Operateur',
                ),
            ],
        ),
    ]
