from django.contrib import admin

from .models import ConfigurationPointsEtape


@admin.register(ConfigurationPointsEtape)
class ConfigurationPointsEtapeAdmin(admin.ModelAdmin):
    """How often « Où en êtes-vous ? » is asked (one row). Plans, progress points and closings
    are written through the portal's pages only, with their timeline."""

    list_display = ["__str__", "periodicite_mois", "actif"]

    def has_add_permission(self, request):
        return not ConfigurationPointsEtape.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
