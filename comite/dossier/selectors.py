from django.db.models import Prefetch

from demandes.models import PieceJointe

from ..models import PointOrdreDuJour


def points_pour_le_choix(seance):
    """The séance's items with a demande, numbered as on the agenda, each with the documents
    that may join the file (``pieces_possibles``) and those chosen: three queries."""
    pieces = PieceJointe.objects.exclude(message__interne=True).order_by("date_depot", "pk")
    points = (
        PointOrdreDuJour.objects.filter(seance=seance)
        .select_related("demande__collectivite")
        .prefetch_related(
            Prefetch("demande__pieces", queryset=pieces, to_attr="pieces_possibles"),
            "pieces_du_dossier",
        )
    )
    numerotes = []
    for numero, point in enumerate(points, start=1):
        if point.demande_id:
            point.pieces_possibles = point.demande.pieces_possibles
            numerotes.append((numero, point))
    return numerotes
