"""The demandes muted by each person leave notifications for demandes.

Only the migration state changes here: the table and its rows stay, and demandes takes them
over in its migration 0012_sourdine_depuis_notifications.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0002_configuration_relances_vers_demandes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Sourdine')],
        ),
    ]
