from django.db import migrations, models


class Migration(migrations.Migration):
    """The index of a département's demandes by status also holds what the dashboard's figures
    count them by (PostgreSQL; other databases ignore ``include``)."""

    dependencies = [("demandes", "0024_etiquettes_par_departement")]

    operations = [
        migrations.RemoveIndex(model_name="demande", name="demande_statut_departement"),
        migrations.AddIndex(
            model_name="demande",
            index=models.Index(
                fields=["departement", "statut"],
                include=(
                    "id",
                    "collectivite",
                    "referent",
                    "date_depot",
                    "date_prise_en_charge",
                    "date_orientation",
                ),
                name="demande_statut_departement",
            ),
        ),
    ]
