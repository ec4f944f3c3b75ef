from django.contrib import admin

from .models import Avis, DocumentAvis


class DocumentAvisInline(admin.TabularInline):
    model = DocumentAvis
    extra = 0
    fields = ["nom", "type_mime", "taille", "date_depot"]
    readonly_fields = fields
    can_delete = False


@admin.register(Avis)
class AvisAdmin(admin.ModelAdmin):
    """Read-only: every change goes through the services (timeline, emails)."""

    list_display = [
        "expert_nom",
        "expert_organisme",
        "demande",
        "confidentiel",
        "date_limite",
        "date_reponse",
        "date_revocation",
    ]
    list_filter = ["confidentiel"]
    search_fields = ["expert_nom", "expert_organisme", "expert_email", "demande__reference"]
    list_select_related = ["demande"]
    exclude = ["sel"]
    readonly_fields = [f.name for f in Avis._meta.fields if f.name != "sel"]
    inlines = [DocumentAvisInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
