from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API et webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from demandes.models import Evenement

        from . import webhooks

        # The timeline is where every service writes what happened, in its own transaction:
        # the API observes it there, and no app depends on the API.
        post_save.connect(webhooks.evenement_ecrit, sender=Evenement, dispatch_uid="api-webhooks")
