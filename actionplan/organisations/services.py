from actionplan.core import services as core
from actionplan.core.services import Actor

from .models import FundingSource, Organisation


def organisation_create(
    *,
    actor: Actor,
    name: str,
    slug: str,
    kind: str = Organisation.Kind.OTHER,
    cvr: str = "",
    website: str = "",
) -> Organisation:
    return core.create(
        Organisation(name=name, slug=slug, kind=kind, cvr=cvr, website=website), actor=actor
    )


def organisation_update(*, actor: Actor, organisation: Organisation, **values) -> Organisation:
    return core.update(organisation, actor=actor, **values)


def funding_source_create(
    *,
    actor: Actor,
    name: str,
    slug: str,
    kind: str = FundingSource.Kind.OTHER,
    organisation: Organisation | None = None,
) -> FundingSource:
    return core.create(
        FundingSource(name=name, slug=slug, kind=kind, organisation=organisation), actor=actor
    )


def funding_source_update(*, actor: Actor, source: FundingSource, **values) -> FundingSource:
    return core.update(source, actor=actor, **values)
