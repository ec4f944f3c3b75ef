from django.apps import AppConfig


class TerritoireConfig(AppConfig):
    name = "guichet.territoire"
    label = "territoire"
    verbose_name = "Territoire"
