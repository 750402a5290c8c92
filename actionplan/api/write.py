"""Write endpoints for integrations: a Bearer token acts as its owner, and every write goes
through the same service as the web, which checks the owner's roles. Each request is one
transaction: a request that fails leaves nothing behind.

A change to an existing object names the version it was based on (`If-Match`, with the ETag
the API answered for that object); when someone else has saved the object since, the change
is refused with 409, as the workspace refuses a stale form."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import File, Form, Header, Path, Status
from ninja.files import UploadedFile

from actionplan.attachments.services import attachment_add
from actionplan.core.services import version_of
from actionplan.indicators.services import observation_create
from actionplan.projects import services as projects
from actionplan.rounds.services import status_update_create

from . import output, selectors
from .auth import TokenAuth
from .read import MAX_ID, SLUG, NotFound, router
from .schemas import (
    AttachmentOut,
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
IF_MATCH = (
    "The ETag of the object as you read it (from GET, or from the answer to your last change "
    'of it; a grant\'s is its `version` in quotes, e.g. `"3f2a..."`). When the object has '
    "changed since, nothing is saved and the answer is 409. `*` changes whatever is stored."
)
IfMatch = Header(..., alias="If-Match", min_length=1, max_length=500, description=IF_MATCH)


class Invalid(Exception):
    """A reference in the body that does not resolve: 422 at `loc`."""

    def __init__(self, loc: list[str | int], msg: str):
        super().__init__(msg)
        self.loc, self.msg = loc, msg


def etag(version: str) -> str:
    return f'"{version}"'


def _expected_version(if_match: str, current: str) -> str | None:
    """The version the change is based on, from If-Match: any of its entity tags that names
    the stored version, else the first (which is stale). A project's GET answers an ETag
    `"<version>.<representation>"`: its first part is the version. None for `*`."""
    if if_match.strip() == "*":
        return None
    versions = [
        part.strip().removeprefix("W/").strip('"').split(".", 1)[0] for part in if_match.split(",")
    ]
    return current if current in versions else versions[0]


def _stamped(response: HttpResponse, instance) -> None:
    """The answer's ETag: the version as stored (read back: a value kept in memory may be
    written differently from what the database gives back, e.g. 250000 and 250000.00)."""
    stored = type(instance)._default_manager.get(pk=instance.pk)
    response["ETag"] = etag(version_of(stored))


def _project(request: HttpRequest, slug: str):
    project = selectors.project_for(request.auth, slug)
    if project is None:
        raise NotFound
    return project


def _detail(request: HttpRequest, slug: str) -> dict:
    project = selectors.project_detail_for(request.auth, slug)
    if project is None:
        # Saved where its writer cannot see it: refused, and the transaction rolled back.
        raise PermissionDenied("You could not see the project afterwards; nothing was saved.")
    return output.project_detail(project)


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


def _changes(data, not_null: tuple[str, ...], **resolve) -> dict:
    """The fields a PATCH gives, each in `resolve` looked up by its function; null is
    refused for the fields in `not_null`."""
    values = data.dict(exclude_unset=True)
    for name, lookup in resolve.items():
        if name in values:
            values[name] = lookup(values[name])
    for name in not_null:
        if name in values and values[name] is None:
            raise Invalid(["body", "data", name], "This field cannot be null.")
    return values


def _patched(request, response: HttpResponse, update, if_match: str, values: dict, **target):
    """Change the object `target` names through its update service, based on the version
    `if_match` names; the answer's ETag is the new version."""
    (current,) = target.values()
    saved = update(
        actor=request.auth,
        **target,
        expected_version=_expected_version(if_match, version_of(current)),
        **values,
    )
    _stamped(response, saved)
    return saved


def _money(request, slug: str, data) -> dict:
    """A new grant's or co-funding's values from the body, as the project services take them."""
    project = _project(request, slug)
    values = data.dict()
    values["amount"] = values.pop("amount_dkk")
    values["source"] = _source(values["source"])
    return {"project": project, **values}


@router.post("/projects", response={201: ProjectDetailOut, **ERRORS}, auth=AUTH, tags=TAGS)
@transaction.atomic
def project_create(request, response: HttpResponse, data: ProjectCreateIn):
    """Create a project in the focus areas given (at least one; the first is its primary
    one). The answer's ETag is the project's version, for a later PATCH."""
    areas = selectors.focus_areas_for(request.auth, data.focus_areas)
    missing = [i for i in data.focus_areas if i not in {a.pk for a in areas}]
    if missing:
        raise Invalid(["body", "data", "focus_areas"], f"No focus area with the id {missing[0]}.")
    values = data.dict(exclude={"focus_areas", "lead"})
    project = projects.project_create(
        actor=request.auth, focus_areas=areas, lead=_lead(data.lead), **values
    )
    detail = _detail(request, project.slug)
    _stamped(response, project)
    return Status(201, detail)


@router.patch("/projects/{slug}", response={200: ProjectDetailOut, **ERRORS}, auth=AUTH, tags=TAGS)
@transaction.atomic
def project_update(
    request,
    response: HttpResponse,
    data: ProjectUpdateIn,
    slug: str = ProjectSlug,
    if_match: str = IfMatch,
):
    """Change the fields given; the others keep their values (null clears a date, the lead
    or the budget). The answer's ETag is the new version."""
    project = _project(request, slug)
    values = _changes(
        data,
        ("title", "kind", "status", "sdgs", "is_published", "description", "budget_upper_bound"),
        lead=_lead,
    )
    _patched(request, response, projects.project_update, if_match, values, project=project)
    return Status(200, _detail(request, slug))


@router.post("/projects/{slug}/grants", response={201: GrantOut, **ERRORS}, auth=AUTH, tags=TAGS)
@transaction.atomic
def grant_create(request, response: HttpResponse, data: GrantIn, slug: str = ProjectSlug):
    grant = projects.grant_create(actor=request.auth, **_money(request, slug, data))
    _stamped(response, grant)
    return Status(201, output.grant(grant))


@router.patch("/grants/{grant_id}", response={200: GrantOut, **ERRORS}, auth=AUTH, tags=TAGS)
@transaction.atomic
def grant_update(
    request,
    response: HttpResponse,
    data: GrantUpdateIn,
    grant_id: int = Id,
    if_match: str = IfMatch,
):
    """Change the fields given; the others keep their values (null clears the amount or
    the decision date). The answer's ETag is the new version."""
    grant = selectors.grant_for(request.auth, grant_id)
    if grant is None:
        raise NotFound
    values = _changes(data, ("decided_by", "note", "upper_bound"))
    if "amount_dkk" in values:
        values["amount"] = values.pop("amount_dkk")
    grant = _patched(request, response, projects.grant_update, if_match, values, grant=grant)
    return Status(200, output.grant(grant))


@router.post(
    "/projects/{slug}/cofunding", response={201: CoFundingOut, **ERRORS}, auth=AUTH, tags=TAGS
)
@transaction.atomic
def cofunding_create(request, data: CoFundingIn, slug: str = ProjectSlug):
    cofunding = projects.cofunding_create(actor=request.auth, **_money(request, slug, data))
    return Status(201, output.cofunding(cofunding))


@router.post(
    "/projects/{slug}/updates", response={201: StatusUpdateOut, **ERRORS}, auth=AUTH, tags=TAGS
)
@transaction.atomic
def status_update(request, data: StatusUpdateIn, slug: str = ProjectSlug):
    """Report on a project. The update is submitted for review, from anyone: it is not
    public, and the project keeps its status, until staff approve it in the workspace
    (state "submitted"; the id is the submitted update's)."""
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
    submitted = status_update_create(
        actor=request.auth,
        project=project,
        date=data.date,
        status=data.status,
        narrative=data.text,
        progress=data.progress,
        status_label=data.status_label,
        round=round_,
    )
    return Status(201, output.submitted_update(submitted, project=project))


@router.post(
    "/indicators/{indicator_id}/observations",
    response={201: ObservationCreatedOut, **ERRORS},
    auth=AUTH,
    tags=TAGS,
)
@transaction.atomic
def observation_add(request, data: ObservationIn, indicator_id: int = Id):
    """Record a measurement; numeric indicators need a value, qualitative ones a text."""
    indicator = selectors.indicator_for(request.auth, indicator_id)
    if indicator is None:
        raise NotFound
    observation = observation_create(actor=request.auth, indicator=indicator, **data.dict())
    return Status(201, {**output.observation(observation), "id": observation.pk})


@router.post(
    "/projects/{slug}/attachments",
    response={201: AttachmentOut, **ERRORS},
    auth=AUTH,
    tags=TAGS,
)
def attachment_create(
    request,
    file: File[UploadedFile],
    title: Form[str] = "",
    is_public: Form[bool] = False,
    slug: str = ProjectSlug,
):
    """Add a file to a project (multipart/form-data): PDF, DOCX, XLSX, ODT, PNG, JPEG, CSV or
    TXT, checked by content, at most ACTIONPLAN_ATTACHMENT_MAX_BYTES (20 MB by default)."""
    project = _project(request, slug)
    made = attachment_add(
        actor=request.auth, project=project, upload=file, title=title[:200], is_public=is_public
    )
    return Status(
        201,
        {
            "id": made.pk,
            "project": project.slug,
            "filename": made.filename,
            "title": made.title,
            "kind": made.kind,
            "size": made.size,
            "is_public": made.is_public,
            "download_url": reverse("attachments:download", args=[made.pk]),
        },
    )
