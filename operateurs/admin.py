"""The operators' administration: the operators and their local teams (reference data of the
territory, ``guichet.territoire.models``, listed under « Territoire »: saving a team hands its
rights over, which is this app's work), routing rules and routings."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models, transaction

from guichet.administration import ListeModifiableNommee
from guichet.territoire.models import EquipeOperateur, Operateur
from operateurs.equipes import redistribuer_les_droits
from operateurs.models import Orientation, RegleOrientation


@admin.register(Operateur)
class OperateurAdmin(admin.ModelAdmin):
    list_display = ["sigle", "nom", "type", "actif"]
    list_filter = ["type", "actif", "thematiques"]
    search_fields = ["sigle", "nom"]
    prepopulated_fields = {"slug": ["sigle"]}
    filter_horizontal = ["thematiques"]
    readonly_fields = ["groupe"]
    # An address typed without a scheme is read as https, as Django 6 will do by default.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(RegleOrientation)
class RegleOrientationAdmin(ListeModifiableNommee, admin.ModelAdmin):
    list_display = ["thematique", "operateur", "poids", "departement"]
    list_editable = ["poids"]
    list_filter = ["departement", "operateur", "thematique"]
    list_select_related = ["thematique", "operateur", "departement"]


@admin.register(Orientation)
class OrientationAdmin(admin.ModelAdmin):
    list_display = ["demande", "operateur", "statut", "date_orientation", "date_reponse"]
    list_filter = ["statut", "operateur"]
    list_select_related = ["demande", "operateur"]
    readonly_fields = ["demande", "operateur", "oriente_par", "date_orientation", "date_reponse"]


class EquipeOperateurForm(forms.ModelForm):
    class Meta:
        model = EquipeOperateur
        fields = ["operateur", "nom", "departements"]

    def clean(self):
        donnees = super().clean()
        operateur, departements = donnees.get("operateur"), donnees.get("departements")
        if operateur is None or not departements:
            return donnees
        # One team per département and operator: the demande's rights go to one group.
        deja = (
            EquipeOperateur.objects.filter(operateur=operateur, departements__in=departements)
            .exclude(pk=self.instance.pk)
            .values_list("nom", "departements__nom")
            .distinct()
        )
        if deja:
            raise ValidationError(
                {
                    "departements": "Déjà servis par une autre équipe de l'opérateur : "
                    + ", ".join(f"{departement} ({equipe})" for equipe, departement in deja)
                    + "."
                }
            )
        return donnees


@admin.register(EquipeOperateur)
class EquipeOperateurAdmin(admin.ModelAdmin):
    """Saving a team moves the rights on the operator's open routings to the team that serves
    each demande's département now."""

    form = EquipeOperateurForm
    list_display = ["nom", "operateur", "departements_servis"]
    list_filter = ["operateur", "departements"]
    search_fields = ["nom", "operateur__sigle"]
    filter_horizontal = ["departements"]
    readonly_fields = ["groupe"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("operateur")
            .prefetch_related("departements")
        )

    @admin.display(description="départements servis")
    def departements_servis(self, obj):
        return ", ".join(departement.code for departement in obj.departements.all())

    @transaction.atomic
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        redistribuer_les_droits(form.instance.operateur)

    def has_delete_permission(self, request, obj=None):
        # Its members would keep a group without rights; detach them or move them first.
        return super().has_delete_permission(request, obj) and (
            obj is None or not obj.rattachements.exists()
        )

    @transaction.atomic
    def delete_model(self, request, obj):
        operateur, groupe = obj.operateur, obj.groupe
        super().delete_model(request, obj)
        if groupe is not None:
            groupe.delete()
        redistribuer_les_droits(operateur)

    def delete_queryset(self, request, queryset):
        for equipe in queryset:
            self.delete_model(request, equipe)
