"""The secretariat's choice of the documents that go into the séance's file."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone

from demandes import chiffres
from demandes.models import Evenement, PieceJointe, TypeEvenement

from ..services import _nouvelle_version, _verrouiller

PIECE_ETRANGERE = (
    "Un document choisi n'appartient pas à la demande de ce point, ou il est joint à une note "
    "interne : rechargez la page, puis recommencez."
)


def pieces_choisissables(demande):
    """The documents of ``demande`` that may go into the file: the file goes to the comité's
    members, so the documents of internal notes (State and operators only) are left out."""
    return PieceJointe.objects.filter(demande=demande).exclude(message__interne=True)


def choisir_pieces_du_dossier(*, seance, par, version, choix):
    """Set, for each item with a demande, the documents its part of the file holds.

    ``choix`` maps an item's pk to the ``PieceJointe`` chosen for it (an item left out keeps
    none). Open to the State while the agenda may change; each item whose choice changes gets
    an internal line on its demande's timeline. Returns the séance, at its new version.
    """
    with transaction.atomic():
        seance = _verrouiller(seance, version, par=par, etape="modifier_ordre_du_jour")
        points = (
            seance.points.filter(demande__isnull=False)
            .select_related("demande")
            .prefetch_related("pieces_du_dossier")
        )
        date = formats.date_format(timezone.localtime(seance.date), "j F Y")
        for point in points:
            voulues = {piece.pk: piece for piece in choix.get(point.pk, ())}
            permises = set(
                pieces_choisissables(point.demande)
                .filter(pk__in=voulues)
                .values_list("pk", flat=True)
            )
            if permises != set(voulues):
                raise ValidationError({f"point_{point.pk}": PIECE_ETRANGERE})
            if {piece.pk for piece in point.pieces_du_dossier.all()} == set(voulues):
                continue
            point.pieces_du_dossier.set(voulues.values())
            noms = ", ".join(sorted(piece.nom for piece in voulues.values())) or "aucun document"
            chiffres.demandes_changees(point.demande.departement_id)
            Evenement.objects.create(
                demande=point.demande,
                auteur=par,
                type=TypeEvenement.COMITE,
                libelle=f"Documents du dossier de la séance du {date} : {noms}",
                interne=True,
            )
        return _nouvelle_version(seance)
