import time

from django.core.management.base import BaseCommand, CommandError

from guichet.territoire import france
from guichet.territoire.chargement import (
    charger_anciens_codes,
    charger_departements,
    charger_referentiels,
    charger_territoire,
)
from guichet.territoire.models import (
    AncienCode,
    Collectivite,
    Departement,
    ProgrammeNational,
    Region,
    Thematique,
)


class Command(BaseCommand):
    help = (
        "Charge (ou met à jour) les collectivités, thématiques et programmes de référence : "
        "le Territoire de Belfort depuis les fichiers livrés, ou, avec --departements ou --tout, "
        "les départements voulus depuis le paquet npm @etalab/decoupage-administratif "
        "(make territoire-france)."
    )

    def add_arguments(self, parser):
        choix = parser.add_mutually_exclusive_group()
        choix.add_argument(
            "--departements",
            metavar="CODES",
            help="Codes INSEE des départements, séparés par des virgules (ex. 90,25).",
        )
        choix.add_argument(
            "--tout",
            action="store_true",
            help="Les 101 départements (métropole et outre-mer, sans les collectivités "
            "d'outre-mer).",
        )

    def handle(self, *args, departements=None, tout=False, **options):
        debut = time.monotonic()
        if departements is None and not tout:
            message = self._belfort()
        else:
            message = self._depuis_le_paquet(departements, tout)
        charger_referentiels(Thematique, ProgrammeNational)
        duree = time.monotonic() - debut
        self.stdout.write(self.style.SUCCESS(f"{message} ({duree:.1f} s)"))

    def _belfort(self):
        charger_departements(Region, Departement)
        comptes = charger_territoire(Collectivite, Departement)
        charger_anciens_codes(Collectivite, AncienCode)
        return (
            f"Territoire chargé : {comptes['communes']} communes, {comptes['epci']} EPCI, "
            f"{Thematique.objects.count()} thématiques."
        )

    def _depuis_le_paquet(self, departements, tout):
        try:
            decoupage = france.lire_paquet()
            if tout:
                codes = [departement["code"] for departement in decoupage.departements]
            else:
                codes = france.codes_des_departements(decoupage, departements)
        except france.ChargementImpossible as erreur:
            raise CommandError(str(erreur)) from None
        comptes = france.charger_france(decoupage, codes)

        def detail(cle, feminin=False):
            creees, modifiees = comptes[cle]
            if feminin:
                return f"{creees} créées, {modifiees} mises à jour"
            return f"{creees} créés, {modifiees} mis à jour"

        return (
            f"Territoire chargé depuis @etalab/decoupage-administratif {france.VERSION}, "
            f"{len(codes)} département(s) : départements ({detail('departements')}), "
            f"EPCI ({detail('epci')}), communes ({detail('communes', feminin=True)}), "
            f"{comptes['anciens_codes']} anciens codes INSEE."
        )
