"""The saved views move to the dashboard's app (issue #18): their table is renamed here and the
model is created, on the existing table, by tableau's first migration. Rows are kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("demandes", "0013_pieces_des_messages_et_reponses_au_fil")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="vueenregistree", table="tableau_vueenregistree"),
            ],
            state_operations=[migrations.DeleteModel(name="VueEnregistree")],
        ),
    ]
