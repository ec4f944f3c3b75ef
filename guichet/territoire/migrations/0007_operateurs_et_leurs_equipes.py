# The operators and their local teams join the territory's reference data (issue #18): the
# ground's memberships (comptes) then point to the ground only. Their tables were renamed by
# operateurs' migration 0012, which runs before this one (its ``run_before``): here, the
# models only change app in Django's state.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("territoire", "0006_charger_anciens_codes_du_90"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Operateur',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('nom', models.CharField(max_length=200, unique=True, verbose_name='nom')),
                        ('sigle', models.CharField(max_length=60, verbose_name='nom court')),
                        ('article', models.CharField(blank=True, choices=[("l'", "l' (l'Ademe, l'Anah, l'ANRU)"), ('le', 'le (le Cerema)'), ('la', 'la (la Banque des Territoires)'), ('les', 'les'), ('', "aucun : le nom s'emploie sans article")], default='', help_text="Celui qu'une phrase met devant le nom court : « Avis de l'Ademe », « Réponse du Cerema », « orientée vers la Banque des Territoires ».", max_length=3, verbose_name='article')),
                        ('slug', models.SlugField(max_length=60, unique=True, verbose_name='identifiant')),
                        ('type', models.CharField(choices=[('partenaire_anct', "Opérateur partenaire de l'ANCT"), ('ingenierie_locale', "Acteur local de l'ingénierie")], default='partenaire_anct', max_length=30, verbose_name='type')),
                        ('description', models.TextField(blank=True, verbose_name="ce que l'opérateur propose")),
                        ('site_web', models.URLField(blank=True, verbose_name='site web')),
                        ('email_contact', models.EmailField(blank=True, max_length=254, verbose_name='adresse de contact')),
                        ('actif', models.BooleanField(default=True, verbose_name='actif')),
                        ('groupe', models.OneToOneField(blank=True, editable=False, help_text="Reçoit les permissions sur les demandes orientées vers l'opérateur.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='operateur', to='auth.group', verbose_name='groupe des membres')),
                        ('thematiques', models.ManyToManyField(blank=True, related_name='operateurs', to='territoire.thematique', verbose_name='thématiques')),
                    ],
                    options={
                        'verbose_name': 'opérateur',
                        'verbose_name_plural': 'opérateurs',
                        'ordering': ['sigle'],
                    },
                ),
                migrations.CreateModel(
                    name='EquipeOperateur',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('nom', models.CharField(max_length=200, verbose_name='nom')),
                        ('departements', models.ManyToManyField(help_text="Les demandes de ces départements orientées vers l'opérateur vont à cette équipe, et à elle seule.", related_name='equipes_operateurs', to='territoire.departement', verbose_name='départements servis')),
                        ('groupe', models.OneToOneField(blank=True, editable=False, help_text='Reçoit les permissions sur les demandes des départements servis.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='equipe_operateur', to='auth.group', verbose_name='groupe des membres')),
                        ('operateur', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='equipes', to='territoire.operateur', verbose_name='opérateur')),
                    ],
                    options={
                        'verbose_name': "équipe locale d'un opérateur",
                        'verbose_name_plural': 'équipes locales des opérateurs',
                        'ordering': ['operateur', 'nom'],
                        'constraints': [models.UniqueConstraint(fields=('operateur', 'nom'), name='equipe_operateur_unique')],
                    },
                ),
            ],
        ),
    ]
