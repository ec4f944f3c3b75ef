from django.apps import AppConfig
from django.db.backends.signals import connection_created


class TableauConfig(AppConfig):
    name = "tableau"
    verbose_name = "Tableau de bord"

    def ready(self):
        from .francais import enregistrer_sur_sqlite

        connection_created.connect(enregistrer_sur_sqlite)
