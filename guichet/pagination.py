"""Pagination helpers shared by the portal's lists."""

from django.core.paginator import Paginator


class PaginateurCompte(Paginator):
    """A paginator told its total, already counted by the page (the tab's figure, a count
    annotated on another query): no ``COUNT`` of its own. The total must be that of
    ``object_list``."""

    def __init__(self, object_list, per_page, *, total):
        super().__init__(object_list, per_page)
        self.total = total

    @property
    def count(self):
        return self.total
