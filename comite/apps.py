from django.apps import AppConfig


class ComiteConfig(AppConfig):
    name = "comite"
    verbose_name = "Comité local de cohésion des territoires"
