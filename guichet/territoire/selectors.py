"""Read queries on the territory."""

from guichet.territoire.models import AncienCode, Collectivite


def collectivite_par_code_insee(code):
    """The collectivité a code INSEE names today, or ``None``: the commune (or département) of
    that code, else the commune an old code now belongs to (Moval, 90073 → Meroux-Moval). For
    the API and imports, where files keep the codes of their year."""
    return (
        Collectivite.objects.filter(code_insee=code).first()
        or Collectivite.objects.filter(
            pk__in=AncienCode.objects.filter(code=code).values("collectivite")
        ).first()
    )
