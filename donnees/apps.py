from django.apps import AppConfig


class DonneesConfig(AppConfig):
    """The open data of /donnees/: the supported projects whose collectivité agreed to publish
    them, and their figures, in CSV and JSON under the Licence Ouverte 2.0, with Table Schemas."""

    name = "donnees"
    verbose_name = "Données ouvertes"
