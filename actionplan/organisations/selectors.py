from collections.abc import Sequence

from django.db.models import QuerySet

from actionplan.core.search import search_filter

from .models import FundingSource, Organisation


def organisation_list(
    *, search: str | None = None, kind: str | None = None, order: Sequence[str] = ("name",)
) -> QuerySet[Organisation]:
    organisations = Organisation.objects.all()
    if kind:
        organisations = organisations.filter(kind=kind)
    return search_filter(organisations, search, ["name"]).order_by(*order, "pk")


def funding_source_list(
    *, search: str | None = None, kind: str | None = None, order: Sequence[str] = ("name",)
) -> QuerySet[FundingSource]:
    sources = FundingSource.objects.select_related("organisation")
    if kind:
        sources = sources.filter(kind=kind)
    return search_filter(sources, search, ["name"]).order_by(*order, "pk")
