"""The notifications' foreign key to demandes goes: they point to their object (0004, 0005)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0005_objet_des_notifications_de_demandes'),
    ]

    operations = [
        migrations.RemoveField(model_name='notification', name='demande'),
    ]
