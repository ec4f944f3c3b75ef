from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ComptesConfig(AppConfig):
    name = "guichet.comptes"
    label = "comptes"
    verbose_name = "Comptes et rôles"

    def ready(self):
        from guichet.comptes.signals import apres_migration

        # Permissions are created by post_migrate; the role groups are synchronised after them.
        post_migrate.connect(apres_migration, dispatch_uid="comptes_groupes_des_roles")
