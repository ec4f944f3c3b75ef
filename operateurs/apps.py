from django.apps import AppConfig


class OperateursConfig(AppConfig):
    name = "operateurs"
    verbose_name = "Opérateurs"
