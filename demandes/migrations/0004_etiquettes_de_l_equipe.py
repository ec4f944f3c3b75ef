from django.db import migrations

ETIQUETTES = [("À relancer", "orange-terre-battue"), ("Urgent", "pink-tuile"), ("Complet", "green-emeraude")]


def creer(apps, schema_editor):
    Etiquette = apps.get_model("demandes", "Etiquette")
    for nom, couleur in ETIQUETTES:
        Etiquette.objects.get_or_create(nom=nom, defaults={"couleur": couleur})


class Migration(migrations.Migration):
    dependencies = [("demandes", "0003_etiquettes_suivis_vues_enregistrees")]

    operations = [migrations.RunPython(creer, migrations.RunPython.noop)]
