from django.core.management.base import BaseCommand

from guichet.territoire.chargement import (
    charger_departements,
    charger_referentiels,
    charger_territoire,
)
from guichet.territoire.models import (
    Collectivite,
    Departement,
    ProgrammeNational,
    Region,
    Thematique,
)


class Command(BaseCommand):
    help = "Charge (ou met à jour) les collectivités, thématiques et programmes de référence."

    def handle(self, *args, **options):
        charger_departements(Region, Departement)
        comptes = charger_territoire(Collectivite, Departement)
        charger_referentiels(Thematique, ProgrammeNational)
        self.stdout.write(
            self.style.SUCCESS(
                f"Territoire chargé : {comptes['communes']} communes, {comptes['epci']} EPCI, "
                f"{Thematique.objects.count()} thématiques."
            )
        )
