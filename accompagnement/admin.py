from django.contrib import admin

from .models import ConfigurationPointsEtape


@admin.register(ConfigurationPointsEtape)
class ConfigurationPointsEtapeAdmin(admin.ModelAdmin):
    """How often « Où en êtes-vous ? » is asked, one row per département; a département
    without one runs on the defaults (its row is made when first needed). Plans, progress
    points and closings are written through the portal's pages only, with their timeline."""

    list_display = ["__str__", "periodicite_mois", "actif"]
    list_select_related = ["departement"]

    def get_readonly_fields(self, request, obj=None):
        return ["departement"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False
