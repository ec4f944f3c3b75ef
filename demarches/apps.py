from django.apps import AppConfig


class DemarchesConfig(AppConfig):
    """The hand-over to Démarches Simplifiées: the démarches the administrator configures (which
    field of a demande fills which field of the DS form) and the prefilled links the State's
    agents prepare for a supported demande (DETR/DSIL)."""

    name = "demarches"
    verbose_name = "Démarches Simplifiées"
