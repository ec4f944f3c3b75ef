"""The notifications written for a demande point to it as their object (see 0004)."""

from django.db import migrations
from django.db.models import F


def type_des_demandes(apps):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    return ContentType.objects.get_or_create(app_label='demandes', model='demande')[0]


def relier_a_l_objet(apps, schema_editor):
    Notification = apps.get_model('notifications', 'Notification')
    a_relier = Notification.objects.filter(demande__isnull=False)
    if a_relier.exists():
        a_relier.update(objet_type=type_des_demandes(apps), objet_id=F('demande_id'))


def relier_a_la_demande(apps, schema_editor):
    Notification = apps.get_model('notifications', 'Notification')
    Notification.objects.filter(objet_type=type_des_demandes(apps)).update(
        demande_id=F('objet_id')
    )


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0004_notification_liee_a_un_objet'),
    ]

    operations = [
        migrations.RunPython(relier_a_l_objet, relier_a_la_demande),
    ]
