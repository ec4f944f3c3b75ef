"""A person's rights over their data: export everything about them; deactivate the account
without breaking the history (requests, messages and timelines keep pointing at it)."""

from django.conf import settings
from django.contrib.auth import logout
from django.db import transaction
from django.utils.module_loading import import_string


def date(valeur):
    return valeur.isoformat() if valeur else None


def exporter_donnees(user):
    """Everything the portal holds about ``user``, as JSON-ready data: the account here, and
    what the other apps hold, from the functions named by ``COMPTES_DONNEES_PERSONNELLES``."""
    des_autres_applications = {}
    for chemin in settings.COMPTES_DONNEES_PERSONNELLES:
        des_autres_applications.update(import_string(chemin)(user))
    return {
        "compte": {
            "email": user.email,
            "prenom": user.prenom,
            "nom": user.nom,
            "telephone": user.telephone,
            "cree_le": date(user.date_joined),
            "derniere_connexion": date(user.last_login),
            "roles": sorted(role.label for role in user.roles),
        },
        "rattachements": [
            {"organisation": str(r.organisation), "fonction": r.fonction}
            for r in user.rattachements.select_related("collectivite", "operateur")
        ],
        **demandes_acces(user),
        **des_autres_applications,
        "notifications": [
            {"date": date(n.date_creation), "sujet": n.sujet, "lue_le": date(n.date_lecture)}
            for n in user.notifications.order_by("pk")
        ],
    }


@transaction.atomic
def desactiver_compte(*, user, request=None):
    """Close the account: no more login nor email; the history keeps the person's name."""
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    if request is not None:
        logout(request)


def demandes_acces(user):
    """The person's access requests, for the export of their data."""
    return {
        "demandes_acces": [
            {
                "collectivite": d.collectivite.nom,
                "fonction": d.fonction,
                "message": d.message,
                "statut": d.get_statut_display(),
                "motif_refus": d.motif_refus,
                "date": date(d.date_creation),
                "traitee_le": date(d.date_traitement),
            }
            for d in user.demandes_acces.select_related("collectivite").order_by("pk")
        ]
    }
