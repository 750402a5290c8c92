"""Paging for lists that can match a national portfolio.

Counting every match exactly costs as much as reading them all: at 1.000.000 projects a
search for a common word matches 60.000, and the exact count took longer than the page.
CappedPaginator counts to at most CAP + 1 rows (a LIMIT inside the COUNT), says "more than
1.000" beyond that, and offers the pages up to the cap: past a thousand matches people
narrow the search rather than page on.

Ordering has the same cost when no index holds the order: to show the first 20 titles of
60.000 matches the database reads and sorts all 60.000. With found_first, a list beyond the
cap pages through the first CAP matches the database finds, in the list's order; the page
says so (a search, where a narrower one is the answer). Without it the order is over every
match (a filtered list sorted by an indexed key, where the largest grants must be the
largest of all). A found_first list looks its matches up once: the ids of the first CAP + 1
both count them and select the page's rows by primary key.
"""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import QuerySet

CAP = 1000


class CappedPaginator(Paginator):
    object_list: QuerySet  # a queryset, which it counts and orders

    def __init__(self, object_list, per_page, cap: int = CAP, *, found_first=False, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.found_first = found_first

    @cached_property
    def _found(self) -> list:
        """The ids of the first CAP + 1 matches the database finds."""
        return list(self.object_list.order_by().values_list("pk", flat=True)[: self.cap + 1])

    @cached_property
    def _counted(self) -> int:
        if self.found_first:
            return len(self._found)
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        """Whether there are more matches than count says."""
        return self._counted > self.cap

    @property
    def sampled(self) -> bool:
        """Whether the pages show the first CAP matches found rather than the first of all."""
        return self.found_first and self.capped

    def page(self, number):
        if self.found_first:
            self.object_list = self.object_list.filter(pk__in=self._found[: self.cap])
        return super().page(number)
