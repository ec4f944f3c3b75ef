"""The demo's newcomer: an account as ProConnect leaves it (subject and SIRET of the commune of
Delle), attached to nothing, whose access request waits for the préfecture."""

from guichet.comptes import services
from guichet.comptes.models import StatutDemandeAcces, User
from guichet.territoire.models import Collectivite

EMAIL_PROCONNECT = "secretaire.proconnect@delle.demo"
# SIREN of the commune of Delle (219000338) followed by the establishment's number.
SIRET_DELLE = "21900033800017"


def charger_demande_acces(mot_de_passe):
    """Idempotent: the account, and one pending request while it is attached to nothing."""
    user, _ = User.objects.update_or_create(
        email=EMAIL_PROCONNECT,
        defaults={
            "prenom": "Chloé",
            "nom": "Muller",
            "is_active": True,
            "proconnect_sub": "demo-proconnect-delle-secretariat",
            "siret": SIRET_DELLE,
        },
    )
    user.set_password(mot_de_passe)
    user.save(update_fields=["password"])
    en_attente = user.demandes_acces.filter(statut=StatutDemandeAcces.EN_ATTENTE).exists()
    if not en_attente and not user.rattachements.exists():
        services.demander_acces(
            user=user,
            collectivite=Collectivite.objects.get(siren=SIRET_DELLE[:9]),
            fonction="Secrétaire de mairie",
            message="Je prends la suite de Mme Perrin au secrétariat de la mairie.",
        )
    return user
