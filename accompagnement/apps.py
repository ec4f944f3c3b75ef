from django.apps import AppConfig


class AccompagnementConfig(AppConfig):
    """After the decision: the action plan, the periodic progress points, the closing with its
    outcome and the collectivité's satisfaction, and the year's report."""

    name = "accompagnement"
    verbose_name = "Accompagnement et bilan"
