from django.contrib.admin.apps import AdminConfig


class AdminDuGuichetConfig(AdminConfig):
    """Django's admin, whose default site (``admin.site``) is ``AdminDuGuichet``."""

    default_site = "guichet.administration.AdminDuGuichet"
