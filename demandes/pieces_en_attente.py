"""Files chosen in a form that comes back with errors: kept aside, so nobody chooses them twice.

A browser never sends a file again by itself. When a form with documents fails (another field
is wrong, the demande changed meanwhile...), each file that passed the checks of ``fichiers.py``
is stored under ``MEDIA_ROOT/pieces/attente/`` and the page names it by a signed token: the
next POST brings the token back instead of the file, and the service that succeeds attaches it
to the demande. A token is signed for one person and lasts ``DUREE``; the nightly task removes
what nobody came back for.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils import timezone

from .fichiers import FichierVerifie
from .models import StockagePrive

DOSSIER = "attente"
DUREE = datetime.timedelta(days=1)
_SEL = "demandes.pieces_en_attente"

PERDUE = "Un document joint il y a plus d'un jour n'est plus disponible : choisissez-le de nouveau."


@dataclass(frozen=True)
class PieceEnAttente:
    """A checked file waiting for its form to succeed; ``jeton`` names it in the page."""

    jeton: str
    chemin: str
    verifie: FichierVerifie

    @property
    def nom(self):
        return self.verifie.nom

    @property
    def taille(self):
        return self.verifie.taille

    def ouvrir(self):
        return File(StockagePrive().open(self.chemin, "rb"), name=self.verifie.nom)


def mettre_de_cote(fichier, verifie, *, user):
    """Store ``fichier`` (checked: ``verifie``) for ``user`` and return it with its token."""
    stockage = StockagePrive()
    fichier.seek(0)
    chemin = stockage.save(f"{DOSSIER}/{uuid.uuid4().hex}{verifie.extension}", fichier)
    jeton = signing.dumps(
        {
            "u": user.pk,
            "c": chemin,
            "n": verifie.nom,
            "t": verifie.type_mime,
            "e": verifie.extension,
            "s": verifie.taille,
        },
        salt=_SEL,
        compress=True,
    )
    return PieceEnAttente(jeton=jeton, chemin=chemin, verifie=verifie)


def retrouver(jeton, *, user):
    """The file ``jeton`` names, if it is ``user``'s and still there; ``ValidationError`` if not."""
    try:
        donnees = signing.loads(jeton, salt=_SEL, max_age=DUREE)
    except signing.BadSignature as erreur:
        raise ValidationError(PERDUE, code="perdue") from erreur
    chemin = donnees["c"]
    if donnees["u"] != user.pk or not chemin.startswith(f"{DOSSIER}/"):
        raise ValidationError(PERDUE, code="perdue")
    if not StockagePrive().exists(chemin):
        raise ValidationError(PERDUE, code="perdue")
    verifie = FichierVerifie(
        nom=donnees["n"], type_mime=donnees["t"], extension=donnees["e"], taille=donnees["s"]
    )
    return PieceEnAttente(jeton=jeton, chemin=chemin, verifie=verifie)


def oublier(piece):
    StockagePrive().delete(piece.chemin)


def nettoyer(maintenant=None):
    """Remove the files set aside longer than ``DUREE`` ago; return how many."""
    limite = (maintenant or timezone.now()) - DUREE
    stockage = StockagePrive()
    if not stockage.exists(DOSSIER):
        return 0
    nombre = 0
    for nom in stockage.listdir(DOSSIER)[1]:
        chemin = f"{DOSSIER}/{nom}"
        if stockage.get_modified_time(chemin) < limite:
            stockage.delete(chemin)
            nombre += 1
    return nombre
