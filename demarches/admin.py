from django.contrib import admin

from .models import CorrespondanceChamp, Demarche, DossierPrepare


class CorrespondanceChampInline(admin.TabularInline):
    model = CorrespondanceChamp
    extra = 3


@admin.register(Demarche)
class DemarcheAdmin(admin.ModelAdmin):
    list_display = ["nom", "numero", "chemin", "active"]
    list_filter = ["active"]
    inlines = [CorrespondanceChampInline]


@admin.register(DossierPrepare)
class DossierPrepareAdmin(admin.ModelAdmin):
    list_display = ["demande", "demarche", "prepare_par", "date"]
    list_select_related = ["demande", "demarche", "prepare_par"]
    readonly_fields = ["demande", "demarche", "lien", "prepare_par", "date"]

    def has_add_permission(self, request):
        return False
