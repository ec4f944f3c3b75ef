# The operators moved to the territory's reference data (territoire's migration 0007): a
# membership, an invitation and a line of history now point to the ground only, in Django's
# state; the tables they point to are the same (renamed by operateurs' migration 0012).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('comptes', '0006_equipe_locale_du_rattachement'),
        ('territoire', '0007_operateurs_et_leurs_equipes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='invitation',
                    name='operateur',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territoire.operateur', verbose_name='opérateur'),
                ),
                migrations.AlterField(
                    model_name='mouvementmembre',
                    name='operateur',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territoire.operateur', verbose_name='opérateur'),
                ),
                migrations.AlterField(
                    model_name='rattachement',
                    name='equipe',
                    field=models.ForeignKey(blank=True, help_text="Pour un opérateur qui a des équipes locales : celle de la personne ; vide : l'équipe nationale.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='rattachements', to='territoire.equipeoperateur', verbose_name='équipe locale'),
                ),
                migrations.AlterField(
                    model_name='rattachement',
                    name='operateur',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='rattachements', to='territoire.operateur', verbose_name='opérateur'),
                ),
            ],
        ),
    ]
