from django.contrib import admin
from django.db import models

from guichet.administration import ListeModifiableNommee
from operateurs.models import Operateur, Orientation, RegleOrientation


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
    list_display = ["thematique", "operateur", "poids"]
    list_editable = ["poids"]
    list_filter = ["operateur", "thematique"]
    list_select_related = ["thematique", "operateur"]


@admin.register(Orientation)
class OrientationAdmin(admin.ModelAdmin):
    list_display = ["demande", "operateur", "statut", "date_orientation", "date_reponse"]
    list_filter = ["statut", "operateur"]
    list_select_related = ["demande", "operateur"]
    readonly_fields = ["demande", "operateur", "oriente_par", "date_orientation", "date_reponse"]
