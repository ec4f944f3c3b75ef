from rest_framework.pagination import CursorPagination


class ParCurseur(CursorPagination):
    """Stable pages for synchronisation: oldest change first, then the next cursor."""

    ordering = ("date_modification", "id")
    page_size = 50
    page_size_query_param = "taille"
    max_page_size = 200
    cursor_query_param = "curseur"
    cursor_query_description = "Curseur de la page (lien « next » de la page précédente)."
    page_size_query_description = "Nombre d'éléments par page (200 au plus)."


class SeancesParCurseur(ParCurseur):
    ordering = ("-date", "-id")
