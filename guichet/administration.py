"""What the portal adds to Django's admin."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import capfirst
from django_otp.admin import OTPAdminSite


class AdminDuGuichet(OTPAdminSite):
    """The admin, for staff who passed their second factor in this session (django-otp's
    ``OTPAdminSite``: an unverified session is treated as not staff).

    Someone signed in on the portal without it is led to the portal's page that enrols their
    authenticator app, or asks its code; the admin's own login page asks email, password and
    code at once."""

    site_header = "Guichet unique — administration"
    site_title = "Guichet unique"
    index_title = "Administration du guichet unique"

    def __init__(self, name="admin"):
        super().__init__(name)

    def login(self, request, extra_context=None):
        user = request.user
        if user.is_active and user.is_staff and not user.is_verified():
            suite = request.GET.get("next") or reverse("admin:index")
            return redirect(
                f"{reverse('comptes:double_authentification')}?{urlencode({'next': suite})}"
            )
        return super().login(request, extra_context)


class ListeModifiableNommee:
    """A ``ModelAdmin`` mixin: each field of ``list_editable`` is named after its column and its
    row (« Poids : Eau potable → Ademe (3) »). In the changelist's table these fields have no
    label, which leaves a screen reader with an anonymous input on every row."""

    def get_changelist_form(self, request, **kwargs):
        formulaire = super().get_changelist_form(request, **kwargs)

        class LigneNommee(formulaire):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for champ in self.fields.values():
                    if not champ.widget.is_hidden:
                        nom = f"{capfirst(champ.label)} : {self.instance}"
                        champ.widget.attrs["aria-label"] = nom

        return LigneNommee
