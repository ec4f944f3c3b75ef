from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from guichet.comptes import services
from guichet.comptes.models import Rattachement, User


class RattachementInline(admin.TabularInline):
    model = Rattachement
    extra = 0
    autocomplete_fields = ["collectivite", "operateur"]
    fields = ["collectivite", "operateur", "service", "fonction"]


class CreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email"]


class ModificationForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = ModificationForm
    add_form = CreationForm
    inlines = [RattachementInline]
    list_display = ["email", "prenom", "nom", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]
    search_fields = ["email", "prenom", "nom"]
    ordering = ["email"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Identité", {"fields": ["prenom", "nom", "telephone"]}),
        (
            "Rôles et droits",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["email", "usable_password", "password1", "password2"]},
        ),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Rattachement:
            return super().save_formset(request, form, formset, change)
        # Attachments go through the services so that roles and permission groups follow.
        instances = formset.save(commit=False)
        for rattachement in formset.deleted_objects:
            services.detacher(rattachement=rattachement)
        for rattachement in instances:
            rattachement.save()
            services.appliquer_rattachement(rattachement)
        formset.save_m2m()
        return None


@admin.register(Rattachement)
class RattachementAdmin(admin.ModelAdmin):
    list_display = ["user", "collectivite", "operateur", "service", "fonction"]
    list_filter = ["service", "operateur"]
    search_fields = ["user__email", "user__nom", "collectivite__nom"]
    autocomplete_fields = ["user", "collectivite", "operateur"]
    list_select_related = ["user", "collectivite", "operateur"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.appliquer_rattachement(obj)

    def delete_model(self, request, obj):
        services.detacher(rattachement=obj)

    def delete_queryset(self, request, queryset):
        for rattachement in queryset.select_related("user"):
            services.detacher(rattachement=rattachement)
