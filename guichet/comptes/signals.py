from django.apps import apps

from guichet.comptes.services import synchroniser_groupes_des_roles


def apres_migration(sender, app_config, **kwargs):
    """``post_migrate`` comes once per application with models, in ``INSTALLED_APPS``'s order,
    after ``migrate`` and after every ``flush`` (each transactional test's): the groups are
    synchronised once, after the last application's permissions are created, rather than once
    per application."""
    avec_modeles = [config for config in apps.get_app_configs() if config.models_module]
    if app_config is avec_modeles[-1]:
        synchroniser_groupes_des_roles()
