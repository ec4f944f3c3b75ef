from django.contrib import admin

from .models import (
    ConfigurationRelances,
    Demande,
    DemandeComplement,
    Etiquette,
    Evenement,
    Message,
    PieceJointe,
    PointComplement,
    Relance,
    Sourdine,
)


class PieceJointeInline(admin.TabularInline):
    model = PieceJointe
    extra = 0
    fields = ["nom", "type_mime", "taille", "depose_par", "date_depot"]
    readonly_fields = fields
    can_delete = False


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    fields = ["auteur", "texte", "interne", "date"]
    readonly_fields = fields
    can_delete = False


class EvenementInline(admin.TabularInline):
    model = Evenement
    extra = 0
    fields = ["date", "auteur", "libelle", "detail", "interne"]
    readonly_fields = fields
    can_delete = False


@admin.register(Demande)
class DemandeAdmin(admin.ModelAdmin):
    """Read-mostly: changes of status go through the portal's services, never through here."""

    list_display = [
        "reference",
        "titre",
        "collectivite",
        "departement",
        "statut",
        "date_depot",
        "referent",
    ]
    list_filter = ["statut", "departement", "thematiques", "programme"]
    search_fields = ["reference", "titre", "collectivite__nom"]
    list_select_related = ["collectivite", "departement", "referent"]
    readonly_fields = [
        "reference",
        "statut",
        "collectivite",
        "departement",
        "deposant",
        # Who filed it for the collectivité, and its taking over: services only.
        "deposee_pour_le_compte_par",
        "canal",
        "date_reprise",
        "referent",
        "version",
        "date_creation",
        "date_depot",
        "date_prise_en_charge",
        "date_orientation",
        "date_inscription_comite",
        "date_accompagnement",
        "date_cloture",
        "date_classement",
        "motif_classement",
        # Set by the nightly retention task (demandes/conservation.py), never by hand.
        "date_avertissement_purge",
        "date_purge",
    ]
    inlines = [PieceJointeInline, MessageInline, EvenementInline]

    def get_queryset(self, request):
        # A draft belongs to its collectivité until it is filed: hidden from the Administrateur
        # as from the State (the superuser keeps it, to repair data).
        demandes = super().get_queryset(request)
        if request.user.is_superuser:
            return demandes
        return demandes.deposees()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PointComplementInline(admin.TabularInline):
    model = PointComplement
    extra = 0


@admin.register(DemandeComplement)
class DemandeComplementAdmin(admin.ModelAdmin):
    list_display = ["demande", "demande_par", "date_ouverture", "date_reponse"]
    list_select_related = ["demande", "demande_par"]
    inlines = [PointComplementInline]
    readonly_fields = ["demande", "demande_par", "date_ouverture", "date_reponse", "repondu_par"]


@admin.register(Etiquette)
class EtiquetteAdmin(admin.ModelAdmin):
    """Common labels (no département) and each département's own."""

    list_display = ["nom", "couleur", "departement"]
    list_filter = [("departement", admin.EmptyFieldListFilter), "departement"]
    list_select_related = ["departement"]
    exclude = ["demandes"]


@admin.register(ConfigurationRelances)
class ConfigurationRelancesAdmin(admin.ModelAdmin):
    """One row per département; a département without one runs on the defaults (its row is
    made when first needed)."""

    list_display = [
        "__str__",
        "delai_prise_en_charge",
        "delai_complement",
        "delai_operateur",
        "actif",
    ]
    list_select_related = ["departement"]

    def get_readonly_fields(self, request, obj=None):
        return ["departement"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(Sourdine)


@admin.register(Relance)
class RelanceAdmin(admin.ModelAdmin):
    """The reminders sent (one per delay): read only, written by the morning tasks."""

    list_display = ["date", "nature", "demande", "cle"]
    list_filter = ["nature"]
    search_fields = ["cle", "demande__reference"]
    list_select_related = ["demande"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
