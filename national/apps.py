from django.apps import AppConfig


class NationalConfig(AppConfig):
    """The ANCT's national view of /national/: figures by département, theme and national
    programme over the whole instance, read-only, without any demande's detail."""

    name = "national"
    verbose_name = "Vue nationale"
