"""A priority on the whole département (no territory) can no longer be adopted twice.

The former unique constraint on (comité, thématique, territoire) let two rows with a NULL
territory through. Duplicates already there are removed first (the oldest of each is kept),
then two conditional constraints replace it (SQLite ignores ``nulls_distinct``).
"""

from django.db import migrations, models
from django.db.models import Min

DOUBLON = "Cette priorité figure déjà dans la feuille de route."


def retirer_les_doublons_sur_tout_le_departement(apps, schema_editor):
    Priorite = apps.get_model("comite", "Priorite")
    sans_territoire = Priorite.objects.filter(territoire__isnull=True)
    premieres = (
        sans_territoire.order_by()
        .values("comite", "thematique")
        .annotate(premiere=Min("pk"))
        .values_list("premiere", flat=True)
    )
    sans_territoire.exclude(pk__in=list(premieres)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("comite", "0004_acces_des_membres_aux_points_publics"),
        ("territoire", "0002_charger_territoire_et_referentiels"),
    ]

    operations = [
        migrations.RunPython(
            retirer_les_doublons_sur_tout_le_departement, migrations.RunPython.noop
        ),
        migrations.RemoveConstraint(model_name="priorite", name="priorite_unique"),
        migrations.AddConstraint(
            model_name="priorite",
            constraint=models.UniqueConstraint(
                condition=models.Q(territoire__isnull=False),
                fields=("comite", "thematique", "territoire"),
                name="priorite_unique_sur_un_territoire",
                violation_error_message=DOUBLON,
            ),
        ),
        migrations.AddConstraint(
            model_name="priorite",
            constraint=models.UniqueConstraint(
                condition=models.Q(territoire__isnull=True),
                fields=("comite", "thematique"),
                name="priorite_unique_sur_tout_le_departement",
                violation_error_message=DOUBLON,
            ),
        ),
    ]
