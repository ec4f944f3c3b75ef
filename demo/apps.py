from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo territory of the contract (``seed_demo``): it loads every app's demo data, so
    it depends on all of them, and none depends on it."""

    name = "demo"
    verbose_name = "Démonstration"
