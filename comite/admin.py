from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from guichet.comptes.permissions import se_donne_un_role

from . import services
from .models import (
    Comite,
    MembreComite,
    ModificationOrdreDuJour,
    PointOrdreDuJour,
    Priorite,
    Seance,
)


@admin.register(Comite)
class ComiteAdmin(admin.ModelAdmin):
    list_display = ["nom", "departement", "quorum", "releves_publics"]
    list_filter = ["departement__region"]
    list_select_related = ["departement"]
    search_fields = ["nom", "departement__nom", "departement__code"]
    readonly_fields = ["groupe"]


class MembreComiteForm(forms.ModelForm):
    # The person using the admin; set on the form class built for each request.
    par = None

    class Meta:
        model = MembreComite
        fields = ["comite", "user", "qualite"]

    def clean(self):
        donnees = super().clean()
        user = donnees.get("user")
        if user is not None and self.has_changed() and se_donne_un_role(self.par, user):
            raise ValidationError(
                "Vous ne pouvez pas vous inscrire vous-même à un comité : "
                "demandez-le à un autre administrateur."
            )
        return donnees


@admin.register(MembreComite)
class MembreComiteAdmin(admin.ModelAdmin):
    """Membership goes through the services so that role and permission group follow."""

    form = MembreComiteForm
    list_display = ["user", "qualite", "comite"]
    list_filter = ["comite", "qualite"]
    list_select_related = ["user", "comite"]
    autocomplete_fields = ["user"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.par = request.user
        return form

    def save_model(self, request, obj, form, change):
        membre = services.ajouter_membre(comite=obj.comite, user=obj.user, qualite=obj.qualite)
        obj.pk = membre.pk

    def delete_model(self, request, obj):
        services.retirer_membre(membre=obj)

    def delete_queryset(self, request, queryset):
        for membre in queryset:
            services.retirer_membre(membre=membre)


class PointInline(admin.TabularInline):
    model = PointOrdreDuJour
    fields = ["ordre", "demande", "sujet", "rapporteur", "decision", "mode_decision", "decide_par"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Seance)
class SeanceAdmin(admin.ModelAdmin):
    """Read-only: séances are prepared on the comité pages, where every change is recorded."""

    list_display = ["date", "lieu", "statut", "comite"]
    list_filter = ["statut", "comite"]
    list_select_related = ["comite"]
    inlines = [PointInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting would drop its items without withdrawing the members' access to their files.
        return False


@admin.register(ModificationOrdreDuJour)
class ModificationOrdreDuJourAdmin(admin.ModelAdmin):
    list_display = ["seance", "date", "auteur", "description"]
    list_select_related = ["seance", "auteur"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Priorite)
class PrioriteAdmin(admin.ModelAdmin):
    list_display = ["thematique", "territoire", "comite", "seance"]
    list_filter = ["comite"]
    list_select_related = ["thematique", "territoire", "comite__departement", "seance"]
