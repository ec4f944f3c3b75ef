from django.contrib import admin, messages
from django.utils import timezone

from guichet.notifications.models import Notification, Preference, StatutEnvoi


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "sujet",
        "destinataire",
        "adresse",
        "evenement",
        "statut",
        "tentatives",
        "derniere_erreur",
        "date_creation",
        "date_envoi",
    ]
    list_filter = ["statut", "evenement"]
    search_fields = ["sujet", "destinataire__email", "adresse", "cle"]
    list_select_related = ["destinataire"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["remettre_en_file"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Remettre en file (nouvel essai d'envoi)")
    def remettre_en_file(self, request, queryset):
        nombre = queryset.filter(statut__in=[StatutEnvoi.ECHEC, StatutEnvoi.A_ENVOYER]).update(
            statut=StatutEnvoi.A_ENVOYER, tentatives=0, prochaine_tentative=timezone.now()
        )
        self.message_user(request, f"{nombre} notification(s) remise(s) en file.", messages.SUCCESS)


admin.site.register(Preference)
