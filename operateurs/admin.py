from django.contrib import admin

from operateurs.models import Operateur


@admin.register(Operateur)
class OperateurAdmin(admin.ModelAdmin):
    list_display = ["sigle", "nom", "type", "actif"]
    list_filter = ["type", "actif", "thematiques"]
    search_fields = ["sigle", "nom"]
    prepopulated_fields = {"slug": ["sigle"]}
    filter_horizontal = ["thematiques"]
    readonly_fields = ["groupe"]
