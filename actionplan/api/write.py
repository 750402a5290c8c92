"""Write endpoints for integrations: a Bearer token acts as its owner, and every write goes
through the same service as the web, which checks the owner's roles."""

from typing import Any

from django.http import HttpRequest
from ninja import Path, Status

from actionplan.indicators.services import observation_create
from actionplan.projects import services as projects
from actionplan.rounds.services import status_update_create

from . import output, selectors
from .auth import TokenAuth
from .read import MAX_ID, SLUG, NotFound, router
from .schemas import (
    CoFundingIn,
    CoFundingOut,
    ErrorOut,
    GrantIn,
    GrantOut,
    GrantUpdateIn,
    ObservationCreatedOut,
    ObservationIn,
    ProjectCreateIn,
    ProjectDetailOut,
    ProjectUpdateIn,
    StatusUpdateIn,
    StatusUpdateOut,
)

# The read router: a path such as /projects takes GET and POST, and one router keeps both
# methods on one URL.
AUTH = TokenAuth()
TAGS = ["writes (token)"]

ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}

ProjectSlug = Path(..., max_length=120, pattern=SLUG)
Id = Path(..., ge=1, le=MAX_ID)


class Invalid(Exception):
    """A reference in the body that does not resolve: 422 at `loc`."""

    def __init__(self, loc: list[str | int], msg: str):
        super().__init__(msg)
        self.loc, self.msg = loc, msg


def _project(request: HttpRequest, slug: str):
    project = selectors.project_for(request.auth, slug)
    if project is None:
        raise NotFound
    return project


def _detail(request: HttpRequest, slug: str) -> dict:
    return output.project_detail(selectors.project_detail_for(request.auth, slug))


def _source(slug: str, field: str = "source"):
    source = selectors.funding_source_by_slug(slug)
    if source is None:
        raise Invalid(["body", "data", field], f"No funding source with the slug '{slug}'.")
    return source


def _lead(slug: str | None):
    if slug is None:
        return None
    lead = selectors.organisation_by_slug(slug)
    if lead is None:
        raise Invalid(["body", "data", "lead"], f"No organisation with the slug '{slug}'.")
    return lead


@router.post("/projects", response={201: ProjectDetailOut, **ERRORS}, auth=AUTH, tags=TAGS)
def project_create(request, data: ProjectCreateIn):
    """Create a project in the focus areas given (the first is its primary one)."""
    areas = selectors.focus_areas_for(request.auth, data.focus_areas)
    missing = [i for i in data.focus_areas if i not in {a.pk for a in areas}]
    if missing:
        raise Invalid(["body", "data", "focus_areas"], f"No focus area with the id {missing[0]}.")
    values = data.dict(exclude={"focus_areas", "lead"})
    project = projects.project_create(
        actor=request.auth, focus_areas=areas, lead=_lead(data.lead), **values
    )
    return Status(201, _detail(request, project.slug))


@router.patch("/projects/{slug}", response={200: ProjectDetailOut, **ERRORS}, auth=AUTH, tags=TAGS)
def project_update(request, data: ProjectUpdateIn, slug: str = ProjectSlug):
    """Change the fields given; the others keep their values."""
    project = _project(request, slug)
    values = data.dict(exclude_unset=True)
    if "lead" in values:
        values["lead"] = _lead(values["lead"])
    for name in (
        "title",
        "kind",
        "status",
        "sdgs",
        "is_published",
        "description",
        "budget_upper_bound",
    ):
        if name in values and values[name] is None:
            raise Invalid(["body", "data", name], "This field cannot be null.")
    projects.project_update(actor=request.auth, project=project, **values)
    return Status(200, _detail(request, slug))


@router.post("/projects/{slug}/grants", response={201: GrantOut, **ERRORS}, auth=AUTH, tags=TAGS)
def grant_create(request, data: GrantIn, slug: str = ProjectSlug):
    grant = projects.grant_create(
        actor=request.auth,
        project=_project(request, slug),
        source=_source(data.source),
        amount=data.amount_dkk,
        upper_bound=data.upper_bound,
        decided=data.decided,
        decided_by=data.decided_by,
        note=data.note,
    )
    return Status(201, output.grant(grant))


@router.patch("/grants/{grant_id}", response={200: GrantOut, **ERRORS}, auth=AUTH, tags=TAGS)
def grant_update(request, data: GrantUpdateIn, grant_id: int = Id):
    """Change the fields given; the others keep their values."""
    grant = selectors.grant_for(request.auth, grant_id)
    if grant is None:
        raise NotFound
    values = data.dict(exclude_unset=True)
    if "amount_dkk" in values:
        values["amount"] = values.pop("amount_dkk")
    for name in ("decided_by", "note", "upper_bound"):
        if name in values and values[name] is None:
            raise Invalid(["body", "data", name], "This field cannot be null.")
    if "decided" in values and values["decided"] is None:
        values.pop("decided")
        values.update(decided_on=None)
    grant = projects.grant_update(actor=request.auth, grant=grant, **values)
    return Status(200, output.grant(grant))


@router.post(
    "/projects/{slug}/cofunding", response={201: CoFundingOut, **ERRORS}, auth=AUTH, tags=TAGS
)
def cofunding_create(request, data: CoFundingIn, slug: str = ProjectSlug):
    cofunding = projects.cofunding_create(
        actor=request.auth,
        project=_project(request, slug),
        source=_source(data.source),
        status=data.status,
        amount=data.amount_dkk,
        year=data.year,
        note=data.note,
    )
    return Status(201, output.cofunding(cofunding))


@router.post(
    "/projects/{slug}/updates", response={201: StatusUpdateOut, **ERRORS}, auth=AUTH, tags=TAGS
)
def status_update(request, data: StatusUpdateIn, slug: str = ProjectSlug):
    """Report on a project. A project reporter's update leaves the project's status alone
    until staff approve; an editor's update sets it."""
    project = _project(request, slug)
    round_ = None
    if data.round is not None:
        round_ = selectors.round_for(request.auth, data.round)
        if round_ is None or round_.plan_id not in {
            link.focus_area.plan_id
            for link in project.focus_area_links.select_related("focus_area")
        }:
            raise Invalid(
                ["body", "data", "round"], f"No status round {data.round} for this project."
            )
    update = status_update_create(
        actor=request.auth,
        project=project,
        date=data.date,
        status=data.status,
        narrative=data.text,
        progress=data.progress,
        status_label=data.status_label,
        round=round_,
    )
    return Status(201, {**output.status_update(update), "id": update.pk, "project": project.slug})


@router.post(
    "/indicators/{indicator_id}/observations",
    response={201: ObservationCreatedOut, **ERRORS},
    auth=AUTH,
    tags=TAGS,
)
def observation_add(request, data: ObservationIn, indicator_id: int = Id):
    """Record a measurement; numeric indicators need a value, qualitative ones a text."""
    indicator = selectors.indicator_for(request.auth, indicator_id)
    if indicator is None:
        raise NotFound
    observation = observation_create(
        actor=request.auth,
        indicator=indicator,
        date=data.date,
        value=data.value,
        text=data.text,
        source=data.source,
        note=data.note,
    )
    return Status(201, {**output.observation(observation), "id": observation.pk})
