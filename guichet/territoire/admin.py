from django.contrib import admin

from guichet.administration import ListeModifiableNommee
from guichet.territoire.models import Collectivite, ProgrammeNational, Thematique


@admin.register(Collectivite)
class CollectiviteAdmin(admin.ModelAdmin):
    list_display = ["nom", "type", "code_insee", "siren", "epci", "population"]
    list_filter = ["type", "epci"]
    search_fields = ["nom", "code_insee", "siren", "code_postal"]
    list_select_related = ["epci"]
    readonly_fields = ["groupe"]
    autocomplete_fields = ["epci"]


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
