"""``seed_demo``: the demo territory of the contract, in its own app because it spans every
other one (territory, accounts, operators, demandes, comité…), none of which imports it."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.chargement import COMPTES, MOT_DE_PASSE, charger_demo


class Command(BaseCommand):
    help = (
        "Charge le territoire de démonstration : collectivités, opérateurs, comptes de démo "
        f"(mot de passe « {MOT_DE_PASSE} »). Idempotente."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Autorise le chargement quand DEBUG est désactivé (jamais en production).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG est désactivé : seed_demo créerait des comptes au mot de passe connu. "
                "Relancez avec --force si cette base est bien une base de démonstration."
            )
        charger_demo()
        if options["verbosity"] == 0:
            # Quiet, as Django's own commands are: bench/france.py reads its own output.
            return
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées. Comptes :"))
        for compte in COMPTES:
            self.stdout.write(f"  {compte.email}")
        self.stdout.write(f"Mot de passe de tous les comptes : {MOT_DE_PASSE}")
