from django.contrib import admin

from guichet.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["sujet", "destinataire", "evenement", "statut", "tentatives", "date_creation"]
    list_filter = ["statut", "evenement"]
    search_fields = ["sujet", "destinataire__email", "cle"]
    list_select_related = ["destinataire"]
    readonly_fields = [f.name for f in Notification._meta.fields]
