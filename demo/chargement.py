"""The demo territory of the contract (DESIGN.md): accounts first, then each app's demo data.

Every step is idempotent: running ``seed_demo`` twice leaves the same state as running it once.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from avis.demo import charger_avis
from comite.demo import charger_comite
from demandes.demo import charger_demandes
from demarches.demo import charger_demarches
from guichet.comptes import services as comptes
from guichet.comptes.demo import charger_demande_acces
from guichet.comptes.models import ServiceEtat, User
from guichet.comptes.roles import Role
from guichet.notifications.models import Notification, StatutEnvoi
from guichet.territoire.chargement import (
    charger_departements,
    charger_referentiels,
    charger_territoire,
)
from guichet.territoire.models import (
    Collectivite,
    Departement,
    Operateur,
    ProgrammeNational,
    Region,
    Thematique,
)
from operateurs.referentiel import charger_operateurs

MOT_DE_PASSE = "demo-guichet-90"


@dataclass(frozen=True)
class CompteDemo:
    email: str
    prenom: str
    nom: str
    fonction: str
    collectivite_insee: str = ""
    operateur_slug: str = ""
    service: str = ""
    roles: tuple = ()
    superuser: bool = False


COMPTES = [
    CompteDemo("maire@belfort.demo", "Camille", "Martin", "Maire", collectivite_insee="90010"),
    CompteDemo("maire@delle.demo", "Louis", "Bernard", "Maire", collectivite_insee="90033"),
    CompteDemo(
        "prefet@prefecture.demo", "Hélène", "Dubois", "Préfète", service=ServiceEtat.PREFECTURE
    ),
    CompteDemo("agent@ddt.demo", "Julien", "Petit", "Chargé de mission", service=ServiceEtat.DDT),
    CompteDemo(
        "contact@ademe.demo", "Sophie", "Lambert", "Chargée de mission", operateur_slug="ademe"
    ),
    CompteDemo("contact@anah.demo", "Thomas", "Roux", "Chargé de mission", operateur_slug="anah"),
    CompteDemo("contact@anru.demo", "Nadia", "Moreau", "Chargée de mission", operateur_slug="anru"),
    CompteDemo(
        "contact@banquedesterritoires.demo",
        "Pierre",
        "Fournier",
        "Directeur territorial",
        operateur_slug="banque-des-territoires",
    ),
    CompteDemo(
        "contact@cerema.demo", "Lucie", "Girard", "Cheffe de projet", operateur_slug="cerema"
    ),
    CompteDemo(
        "membre@comite.demo", "Marc", "Lefebvre", "Membre du comité", roles=(Role.MEMBRE_COMITE,)
    ),
    CompteDemo(
        "anct@anct.demo",
        "Agnès",
        "Durand",
        "Chargée de mission nationale",
        roles=(Role.ANCT,),
    ),
    CompteDemo(
        "admin@guichet.demo",
        "Alex",
        "Admin",
        "Administrateur",
        roles=(Role.ADMINISTRATEUR,),
        superuser=True,
    ),
]


def charger_comptes():
    users = {}
    for compte in COMPTES:
        user, _ = User.objects.update_or_create(
            email=compte.email,
            defaults={
                "prenom": compte.prenom,
                "nom": compte.nom,
                "is_active": True,
                "is_staff": compte.superuser,
                "is_superuser": compte.superuser,
            },
        )
        user.set_password(MOT_DE_PASSE)
        user.save(update_fields=["password"])
        if compte.collectivite_insee:
            comptes.rattacher(
                user=user,
                collectivite=Collectivite.objects.get(code_insee=compte.collectivite_insee),
                fonction=compte.fonction,
            )
        elif compte.operateur_slug:
            comptes.rattacher(
                user=user,
                operateur=Operateur.objects.get(slug=compte.operateur_slug),
                fonction=compte.fonction,
            )
        elif compte.service:
            comptes.rattacher(user=user, service=compte.service, fonction=compte.fonction)
        for role in compte.roles:
            comptes.attribuer_role(user=user, role=role)
        users[compte.email] = user
    return users


@transaction.atomic
def charger_demo():
    """Load the territory, the reference data and the demo accounts. Returns the users by email."""
    charger_departements(Region, Departement)
    charger_territoire(Collectivite, Departement)
    charger_referentiels(Thematique, ProgrammeNational)
    charger_operateurs(Operateur, Thematique)
    comptes.synchroniser_groupes_des_roles()
    users = charger_comptes()
    debut = timezone.now()
    charger_demandes(users)
    charger_comite(users)
    charger_avis(users)
    charger_demarches(users)
    charger_demande_acces(MOT_DE_PASSE)
    # The demo's history is shown in the notification centres, not emailed to anyone.
    Notification.objects.filter(
        statut__in=[StatutEnvoi.A_ENVOYER, StatutEnvoi.A_RESUMER], date_creation__gte=debut
    ).update(statut=StatutEnvoi.ENVOYEE, date_envoi=timezone.now())
    return users
