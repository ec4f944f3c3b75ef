from django.contrib import admin

from guichet.administration import ListeModifiableNommee
from guichet.territoire.models import (
    AncienCode,
    Collectivite,
    Departement,
    ProgrammeNational,
    Thematique,
)


class AncienCodeEnLigne(admin.TabularInline):
    """The commune's old codes INSEE, as the official file gives them: read, never typed."""

    model = AncienCode
    fields = ["code", "nom", "nature"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Collectivite)
class CollectiviteAdmin(admin.ModelAdmin):
    list_display = ["nom", "type", "code_insee", "siren", "departement", "epci", "population"]
    list_filter = ["type", "departement"]
    search_fields = ["nom", "code_insee", "siren", "code_postal", "anciens_codes__code"]
    list_select_related = ["epci", "departement"]
    readonly_fields = ["groupe"]
    autocomplete_fields = ["epci", "departement"]
    inlines = [AncienCodeEnLigne]


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    """The official list (COG), loaded by ``charger_territoire``: read here, never typed."""

    list_display = ["code", "nom", "region"]
    list_select_related = ["region"]
    search_fields = ["code", "nom"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Thematique)
class ThematiqueAdmin(ListeModifiableNommee, admin.ModelAdmin):
    list_display = ["nom", "ordre", "active"]
    list_editable = ["ordre", "active"]
    prepopulated_fields = {"slug": ["nom"]}
    search_fields = ["nom"]


@admin.register(ProgrammeNational)
class ProgrammeNationalAdmin(admin.ModelAdmin):
    list_display = ["nom", "active"]
    prepopulated_fields = {"slug": ["nom"]}
    search_fields = ["nom"]
