"""The delays of the State's morning digest leave notifications for demandes.

Only the migration state changes here: the table and its row stay, and demandes takes them
over in its migration 0011_configuration_relances_depuis_notifications.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='ConfigurationRelances')],
        ),
    ]
