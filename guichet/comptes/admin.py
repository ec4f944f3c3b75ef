"""The accounts' admin. An Administrateur who is not a superuser manages accounts here, but
never gives a right it does not hold (guichet/comptes/permissions.py): the rights fields are
the superuser's, and so are the accounts and attachments that carry more rights than its own."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from guichet.comptes import services
from guichet.comptes.models import DemandeAcces, Invitation, MouvementMembre, Rattachement, User
from guichet.comptes.permissions import peut_gerer_le_compte, refus_du_rattachement


class RattachementForm(forms.ModelForm):
    # The person using the admin; set on the form class built for each request.
    par = None

    class Meta:
        model = Rattachement
        fields = [
            "user",
            "collectivite",
            "operateur",
            "equipe",
            "service",
            "departement",
            "fonction",
        ]

    def clean(self):
        donnees = super().clean()
        equipe = donnees.get("equipe")
        if equipe is not None and equipe.operateur_id != getattr(
            donnees.get("operateur"), "pk", None
        ):
            raise ValidationError({"equipe": "Choisissez une équipe de cet opérateur."})
        user = donnees.get("user")
        if user is not None and self.has_changed():
            candidat = Rattachement(
                user=user,
                collectivite=donnees.get("collectivite"),
                operateur=donnees.get("operateur"),
                service=donnees.get("service") or "",
                departement=donnees.get("departement"),
            )
            if refus := refus_du_rattachement(self.par, candidat):
                raise ValidationError(refus)
        return donnees


class RattachementInline(admin.TabularInline):
    model = Rattachement
    form = RattachementForm
    extra = 0
    autocomplete_fields = ["collectivite", "operateur", "departement"]
    fields = ["collectivite", "operateur", "equipe", "service", "departement", "fonction"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.par = request.user
        return formset


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

    def get_readonly_fields(self, request, obj=None):
        champs = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return champs
        return [*champs, "is_superuser", "groups", "user_permissions"]

    def has_change_permission(self, request, obj=None):
        permis = super().has_change_permission(request, obj)
        return permis and (obj is None or peut_gerer_le_compte(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        permis = super().has_delete_permission(request, obj)
        return permis and (obj is None or peut_gerer_le_compte(request.user, obj))

    def user_change_password(self, request, id, form_url=""):
        # This page sets a password without asking the current one: for one's own account,
        # the admin's « changer de mot de passe » page, which asks it.
        if id == str(request.user.pk):
            return redirect("admin:password_change")
        return super().user_change_password(request, id, form_url)

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
    form = RattachementForm
    list_display = ["user", "collectivite", "operateur", "equipe", "service", "fonction"]
    list_filter = ["service", "operateur", "equipe"]
    search_fields = ["user__email", "user__nom", "collectivite__nom"]
    autocomplete_fields = ["user", "collectivite", "operateur"]
    list_select_related = ["user", "collectivite", "operateur", "equipe"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.par = request.user
        return form

    def has_change_permission(self, request, obj=None):
        permis = super().has_change_permission(request, obj)
        return permis and (obj is None or not refus_du_rattachement(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        permis = super().has_delete_permission(request, obj)
        return permis and (obj is None or not refus_du_rattachement(request.user, obj))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.appliquer_rattachement(obj)

    def delete_model(self, request, obj):
        services.detacher(rattachement=obj)

    def delete_queryset(self, request, queryset):
        for rattachement in queryset.select_related("user"):
            services.detacher(rattachement=rattachement)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    """Superusers only. The roles' groups get their permissions from the code
    (``PERMISSIONS_PAR_ROLE``, applied after every migration), the organisations' groups
    from the attachments: whoever may edit a group gives its members any right."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class LectureSeule(admin.ModelAdmin):
    """Written by the services of the pages that hold them (validation, members), read here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DemandeAcces)
class DemandeAccesAdmin(LectureSeule):
    list_display = ["user", "collectivite", "fonction", "statut", "date_creation", "traitee_par"]
    list_filter = ["statut"]
    search_fields = ["user__email", "user__nom", "collectivite__nom"]
    list_select_related = ["user", "collectivite", "traitee_par"]


@admin.register(Invitation)
class InvitationAdmin(LectureSeule):
    # The link is never stored: nothing here lets anyone accept in the invited person's place.
    list_display = ["email", "organisation", "statut", "invite_par", "date_expiration"]
    list_filter = ["statut"]
    search_fields = ["email"]
    list_select_related = ["collectivite", "operateur", "invite_par"]


@admin.register(MouvementMembre)
class MouvementMembreAdmin(LectureSeule):
    list_display = ["date", "type", "membre_nom", "organisation", "auteur_nom", "detail"]
    list_filter = ["type"]
    search_fields = ["membre_nom", "auteur_nom"]
    list_select_related = ["collectivite", "operateur"]
