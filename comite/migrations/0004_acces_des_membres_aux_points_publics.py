"""Members of a comité read only the demandes of the public items of its published agendas.

The former code granted ``view_demande`` on every item of a published agenda, internal ones
included, and never withdrew it: this removes every permission of a comité's group on a demande
that is not on one of those public items.
"""

from django.db import migrations

STATUTS_PUBLIES = ["ordre_du_jour_publie", "tenue", "releve_publie"]


def retirer_les_acces_aux_points_internes(apps, schema_editor):
    Comite = apps.get_model("comite", "Comite")
    PointOrdreDuJour = apps.get_model("comite", "PointOrdreDuJour")
    DemandeGroupObjectPermission = apps.get_model("demandes", "DemandeGroupObjectPermission")
    for comite in Comite.objects.exclude(groupe=None):
        publiques = PointOrdreDuJour.objects.filter(
            seance__comite=comite,
            seance__statut__in=STATUTS_PUBLIES,
            interne=False,
            demande__isnull=False,
        ).values("demande")
        DemandeGroupObjectPermission.objects.filter(group_id=comite.groupe_id).exclude(
            content_object__in=publiques
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("comite", "0003_feuille_de_route"),
        ("demandes", "0010_index_referent_statut"),
    ]

    operations = [
        migrations.RunPython(retirer_les_acces_aux_points_internes, migrations.RunPython.noop)
    ]
