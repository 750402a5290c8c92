from actionplan.core import services as core
from actionplan.core.services import Actor

from .models import FundingSource, Organisation
from .municipalities import municipality_from_name


def organisation_build(
    *,
    name: str,
    slug: str,
    kind: str = Organisation.Kind.OTHER,
    cvr: str = "",
    website: str = "",
    municipality_code: int | None = None,
) -> Organisation:
    """An unsaved organisation from organisation_create's fields. A municipality's own code
    is found from its name ("Københavns Kommune" -> 101) when not given."""
    if municipality_code is None and kind == Organisation.Kind.MUNICIPALITY:
        municipality_code = municipality_from_name(name)
    return Organisation(
        name=name,
        slug=slug,
        kind=kind,
        cvr=cvr,
        website=website,
        municipality_code=municipality_code,
    )


def organisation_create(
    *,
    actor: Actor,
    name: str,
    slug: str,
    kind: str = Organisation.Kind.OTHER,
    cvr: str = "",
    website: str = "",
    municipality_code: int | None = None,
) -> Organisation:
    return core.create(
        organisation_build(
            name=name,
            slug=slug,
            kind=kind,
            cvr=cvr,
            website=website,
            municipality_code=municipality_code,
        ),
        actor=actor,
    )


def organisations_create_many(*, actor: Actor, new: list[Organisation]) -> list[Organisation]:
    """organisation_create for many (organisation_build) at once, for bulk imports: the same
    checks and audit in a few statements; a name or slug taken meanwhile is refused by the
    database and rolls the caller's transaction back."""
    return core.create_many(new, actor=actor)


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
