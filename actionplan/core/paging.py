"""Paging for lists that can match a national portfolio.

Counting every match exactly costs as much as reading them all: at 1.000.000 projects a
search for a common word matches 60.000, and the exact count took longer than the page.
CappedPaginator counts to at most CAP + 1 rows (a LIMIT inside the COUNT), says "more than
1.000" beyond that, and offers the pages up to the cap: past a thousand matches people
narrow the search rather than page on.
"""

from functools import cached_property

from django.core.paginator import Paginator

CAP = 1000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, cap: int = CAP, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        """Whether there are more matches than count says."""
        return self._counted > self.cap
