"""The saved views, moved from demandes (its migration 0014 renamed their table): the model only,
the table exists. Their content type follows, so that permissions given on them stay valid."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def deplacer_type_de_contenu(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="demandes", model="vueenregistree").update(
        app_label="tableau"
    )


def remettre_type_de_contenu(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="tableau", model="vueenregistree").update(
        app_label="demandes"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("demandes", "0014_vues_enregistrees_vers_tableau"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="VueEnregistree",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("nom", models.CharField(max_length=80, verbose_name="nom de la vue")),
                        ("parametres", models.CharField(max_length=2000, verbose_name="filtres")),
                        ("date_creation", models.DateTimeField(auto_now_add=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="vues_enregistrees",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "vue enregistrée",
                        "verbose_name_plural": "vues enregistrées",
                        "ordering": ["nom"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "nom"), name="vue_unique_par_agent"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(deplacer_type_de_contenu, remettre_type_de_contenu),
    ]
