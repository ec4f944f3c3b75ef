from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from guichet.francais import pluriel
from guichet.territoire.models import Departement
from operateurs import services


class Command(BaseCommand):
    help = (
        "Recopie les règles d'orientation d'un département vers un autre (par exemple du "
        "Territoire de Belfort vers un département qui commence sans règles). Les règles "
        "déjà présentes à l'arrivée gardent leur poids ; relancée, la commande ne crée rien "
        "de plus."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--de", required=True, metavar="CODE", help="Code INSEE du département copié (ex. 90)."
        )
        parser.add_argument(
            "--vers",
            required=True,
            metavar="CODE",
            help="Code INSEE du département qui reçoit les règles (ex. 25).",
        )

    def handle(self, *args, de, vers, **options):
        depart, arrivee = self._departement(de), self._departement(vers)
        try:
            creees, gardees = services.copier_regles_orientation(de=depart, vers=arrivee)
        except ValidationError as erreur:
            raise CommandError(" ".join(erreur.messages)) from None
        message = (
            f"Règles d'orientation du département {depart.du_nom} ({depart.code}) recopiées "
            f"dans celui {arrivee.du_nom} ({arrivee.code}) : {creees} créée{pluriel(creees)}, "
            f"{gardees} déjà présente{pluriel(gardees)} (poids inchangé)."
        )
        if not creees and not gardees:
            message = (
                f"Le département {depart.du_nom} ({depart.code}) n'a aucune règle "
                "d'orientation à recopier."
            )
        self.stdout.write(self.style.SUCCESS(message))

    def _departement(self, code):
        try:
            return Departement.objects.get(code=code.strip().upper())
        except Departement.DoesNotExist:
            raise CommandError(
                f"Département inconnu : {code}. Donnez son code INSEE (90, 25, 2A, 971…)."
            ) from None
