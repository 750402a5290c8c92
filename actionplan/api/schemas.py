"""Input (query) and output schemas, one set per endpoint; no model is exposed directly.

Write endpoints (with API tokens) have their own *In body schemas, objects only (BodyIn).
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import AfterValidator, BeforeValidator, WithJsonSchema, model_validator

Number = int | float
SLUG = r"^[-a-zA-Z0-9_]+$"
NO_NUL = r"^[^\x00]*$"
# Larger values than this cannot be stored in the databases' integer columns.
MAX_ID = 2**53
MAX_PAGE = 100_000
DATE_HELP = "YYYY, YYYY-MM or YYYY-MM-DD."

ProjectStatusCode = Literal[
    "idea", "applied", "granted", "started", "completed", "cancelled", "rejected", "suspended"
]
ParticipationRole = Literal["funding", "accountable", "extending", "implementing"]
CoFundingStatus = Literal["planned", "applied", "granted", "rejected"]
OrganisationKind = Literal[
    "region",
    "municipality",
    "state",
    "knowledge",
    "company",
    "foundation",
    "eu_programme",
    "association",
    "other",
]
FundingSourceKind = Literal[
    "regional_pool", "health_funds", "eu", "state", "foundation", "municipal", "other"
]
IndicatorMeasure = Literal["unit", "percentage", "dkk", "milestone", "qualitative"]
IndicatorStatus = Literal["achieved", "on_track", "at_risk", "off_track", "no_data"]


# -- errors -------------------------------------------------------------------------------


class ErrorItemOut(Schema):
    loc: list[str | int] = Field(description="Where: e.g. ['query', 'page'].")
    msg: str
    type: str


class ErrorOut(Schema):
    detail: str
    errors: list[ErrorItemOut] = []


# -- shared pieces --------------------------------------------------------------------------


def _unwrapped(values: Any) -> Any:
    """The input as given: ninja's Schema wraps it (for reading attributes) before a
    subclass's validators see it."""
    return values._obj if isinstance(values, DjangoGetter) else values


def _text(schema: type[Schema], name: str) -> bool:
    """Whether the field takes text (a string or one of some strings)."""
    annotation = schema.model_fields[name].annotation
    kinds = get_args(annotation) if get_origin(annotation) in (Union, UnionType) else (annotation,)
    return any(kind is str or get_origin(kind) is Literal for kind in kinds)


class PageIn(Schema):
    @model_validator(mode="before")
    @classmethod
    def _empty_is_absent(cls, values: Any) -> Any:
        """`?amount_max=` is the parameter left out, as forms and OpenAPI clients send an
        empty optional number. An empty text stays as it is: the schema's pattern says
        whether it is allowed."""
        values = _unwrapped(values)
        if isinstance(values, dict):
            return {
                name: value
                for name, value in values.items()
                if not (value == "" and name in cls.model_fields and not _text(cls, name))
            }
        return values

    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    page_size: int = Field(20, ge=1, le=100, description="Rows per page, at most 100.")


class PageOut(Schema):
    count: int = Field(description="Rows matching the filters, on all pages.")
    page: int
    page_size: int
    pages: int


class OrganisationRefOut(Schema):
    slug: str
    name: str


class PlanRefOut(Schema):
    slug: str
    title: str


class FocusAreaRefOut(Schema):
    id: int
    slug: str
    title: str
    plan: str


class ValueYearOut(Schema):
    value: Number | None
    year: int | None


# -- plans --------------------------------------------------------------------------------


class PlanListIn(PageIn):
    search: str | None = Field(
        None, max_length=200, pattern=NO_NUL, description="Words in title or introduction."
    )
    organisation: str | None = Field(
        None, max_length=100, pattern=SLUG, description="Owner's slug."
    )
    year: int | None = Field(
        None, ge=1900, le=2200, description="Plans whose period covers the year."
    )
    sort: Literal["period_start", "-period_start", "title", "-title"] = "-period_start"


class PlanOut(Schema):
    slug: str
    title: str
    organisation: OrganisationRefOut
    strategy: str
    period_start: dt.date
    period_end: dt.date
    intro: str


class PlanPageOut(PageOut):
    items: list[PlanOut]


class ThemeInPlanOut(Schema):
    id: int
    slug: str
    title: str
    focus_areas: list[FocusAreaRefOut]


class PlanDetailOut(PlanOut):
    themes: list[ThemeInPlanOut]


# -- themes -------------------------------------------------------------------------------


class ThemeListIn(PageIn):
    plan: str | None = Field(None, max_length=100, pattern=SLUG)


class ThemeOut(Schema):
    id: int
    slug: str
    title: str
    plan: PlanRefOut
    focus_areas: list[FocusAreaRefOut]


class ThemePageOut(PageOut):
    items: list[ThemeOut]


class ThemeDetailOut(ThemeOut):
    pass


# -- focus areas --------------------------------------------------------------------------


class FocusAreaListIn(PageIn):
    plan: str | None = Field(None, max_length=100, pattern=SLUG)
    theme: int | None = Field(None, ge=1, le=MAX_ID, description="Theme id.")
    search: str | None = Field(
        None, max_length=200, pattern=NO_NUL, description="Words in title, challenge or approach."
    )
    sort: Literal["plan", "title", "-title"] = "plan"


class GoalRefOut(Schema):
    id: int
    text: str
    target_years: list[int]


class FactOut(Schema):
    text: str
    value: Number | None
    unit: str
    year: int | None
    source: str


class ActivityOut(Schema):
    text: str
    heading: bool
    items: list[str]


class FocusAreaOut(Schema):
    id: int
    slug: str
    title: str
    plan: PlanRefOut
    theme: str = Field(description="The theme's slug.")
    theme_id: int
    in_original_plan: bool
    challenge: str
    approach: str
    facts: list[FactOut]
    goals: list[GoalRefOut]
    activities: list[ActivityOut]
    partners: list[str] = Field(description="Possible partners, as the plan words them.")
    funding_sources: list[str] = Field(description="Possible financing, as the plan words it.")


class FocusAreaPageOut(PageOut):
    items: list[FocusAreaOut]


class FocusAreaDetailOut(FocusAreaOut):
    pass


# -- goals and indicators -----------------------------------------------------------------


class GoalListIn(PageIn):
    plan: str | None = Field(None, max_length=100, pattern=SLUG)
    focus_area: int | None = Field(None, ge=1, le=MAX_ID, description="Focus area id.")


class IndicatorRefOut(Schema):
    id: int
    name: str
    unit: str


class GoalOut(Schema):
    id: int
    text: str
    target_years: list[int]
    focus_area: FocusAreaRefOut
    indicators: list[IndicatorRefOut]


class GoalPageOut(PageOut):
    items: list[GoalOut]


class GoalDetailOut(GoalOut):
    pass


class IndicatorListIn(PageIn):
    plan: str | None = Field(None, max_length=100, pattern=SLUG)
    focus_area: int | None = Field(None, ge=1, le=MAX_ID, description="Focus area id.")
    goal: int | None = Field(None, ge=1, le=MAX_ID, description="Goal id.")
    measure: IndicatorMeasure | None = None
    search: str | None = Field(None, max_length=200, pattern=NO_NUL)


class ObservationOut(Schema):
    date: dt.date
    value: Number | None
    text: str
    source: str


class IndicatorOut(Schema):
    id: int
    name: str
    goal_id: int
    focus_area: FocusAreaRefOut
    measure: IndicatorMeasure
    unit: str
    ascending: bool
    baseline: ValueYearOut | None
    target: ValueYearOut | None
    source: str
    observations: list[ObservationOut]
    status: IndicatorStatus = Field(description="Computed from baseline, target and observations.")
    progress: Number | None = Field(description="Share of the way from baseline to target.")
    expected: Number | None = Field(description="Share expected by now on a straight line.")
    reason: str = Field(description="Why the status is what it is, in words.")


class IndicatorPageOut(PageOut):
    items: list[IndicatorOut]


class IndicatorDetailOut(IndicatorOut):
    pass


# -- projects -----------------------------------------------------------------------------

ProjectSort = Literal[
    "title",
    "-title",
    "start",
    "-start",
    "end",
    "-end",
    "budget",
    "-budget",
    "granted",
    "-granted",
    "updated",
    "-updated",
]


# A number (pydantic would document a Decimal as "number or any string").
AmountFilter = Annotated[
    Decimal,
    Field(ge=0, le=10**13),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 10**13}),
]


class ProjectListIn(PageIn):
    plan: str | None = Field(None, max_length=100, pattern=SLUG, description="Plan slug.")
    theme: int | None = Field(None, ge=1, le=MAX_ID, description="Theme id.")
    focus_area: int | None = Field(None, ge=1, le=MAX_ID, description="Focus area id.")
    status: ProjectStatusCode | None = None
    year: int | None = Field(None, ge=1900, le=2200, description="Projects running in the year.")
    organisation: str | None = Field(
        None, max_length=100, pattern=SLUG, description="Lead or partner organisation's slug."
    )
    funding_source: str | None = Field(
        None, max_length=100, pattern=SLUG, description="Slug of a source of a grant or co-funding."
    )
    sdg: int | None = Field(None, ge=1, le=17, description="UN Sustainable Development Goal.")
    amount_min: AmountFilter | None = Field(None, description="Least total granted, in DKK.")
    amount_max: AmountFilter | None = Field(None, description="Most total granted, in DKK.")
    search: str | None = Field(
        None, max_length=200, pattern=NO_NUL, description="Words in title or description."
    )
    sort: ProjectSort = "title"


class ProjectOut(Schema):
    id: str = Field(description="The project's slug.")
    title: str
    kind: Literal["project", "initiative"]
    status: ProjectStatusCode
    start: str | None = Field(description=DATE_HELP)
    end: str | None = Field(description=DATE_HELP)
    budget_dkk: Number | None = Field(description="Total budget in DKK.")
    budget_upper_bound: bool = Field(
        description="The budget is an upper bound (“op til”), not the amount itself."
    )
    granted_dkk: Number = Field(description="Sum of the grants with a known amount, in DKK.")
    lead: OrganisationRefOut | None
    focus_areas: list[FocusAreaRefOut]
    sdgs: list[int]


class ProjectPageOut(PageOut):
    items: list[ProjectOut]


class PartnerOut(Schema):
    organisation: OrganisationRefOut
    roles: list[ParticipationRole]


class GrantOut(Schema):
    id: int
    source: str = Field(description="Funding source slug.")
    source_name: str
    amount_dkk: Number | None
    upper_bound: bool = Field(
        description="The amount is an upper bound (“op til”), not the amount itself."
    )
    decided: str | None = Field(description=DATE_HELP)
    version: str = Field(description="Send it as If-Match (in quotes) to change the grant.")


class CoFundingOut(Schema):
    id: int
    source: str = Field(description="Funding source slug.")
    source_name: str
    amount_dkk: Number | None
    status: CoFundingStatus
    year: int | None


class UpdateOut(Schema):
    date: dt.date
    status: ProjectStatusCode
    status_label: str
    progress: int | None
    text: str
    round: str | None = Field(description="Slug of the status round, if any.")


class ProjectDetailOut(ProjectOut):
    version: str = Field(
        description="The project's stored version; its ETag starts with it (If-Match)."
    )
    description: str
    partners: list[PartnerOut]
    grants: list[GrantOut]
    cofunding: list[CoFundingOut]
    updates: list[UpdateOut]


# -- organisations and funding sources ----------------------------------------------------


class OrganisationListIn(PageIn):
    search: str | None = Field(None, max_length=200, pattern=NO_NUL)
    kind: OrganisationKind | None = None


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: OrganisationKind
    cvr: str = Field(description="Danish company register number, empty when unknown.")
    website: str


class OrganisationPageOut(PageOut):
    items: list[OrganisationOut]


class OrganisationDetailOut(OrganisationOut):
    pass


class FundingSourceListIn(PageIn):
    search: str | None = Field(None, max_length=200, pattern=NO_NUL)
    kind: FundingSourceKind | None = None


class FundingSourceOut(Schema):
    slug: str
    name: str
    kind: FundingSourceKind
    organisation: OrganisationRefOut | None


class FundingSourcePageOut(PageOut):
    items: list[FundingSourceOut]


class FundingSourceDetailOut(FundingSourceOut):
    pass


# -- status rounds and assessments --------------------------------------------------------


class RoundListIn(PageIn):
    plan: str | None = Field(None, max_length=100, pattern=SLUG)


class RoundOut(Schema):
    id: int
    slug: str
    name: str
    title: str
    plan: PlanRefOut
    reference_date: dt.date


class RoundPageOut(PageOut):
    items: list[RoundOut]


class RoundDetailOut(RoundOut):
    pass


class AssessmentListIn(PageIn):
    plan: str | None = Field(None, max_length=100, pattern=SLUG)
    round: int | None = Field(None, ge=1, le=MAX_ID, description="Status round id.")
    focus_area: int | None = Field(None, ge=1, le=MAX_ID, description="Focus area id.")
    still_relevant: bool | None = None


class AssessmentOut(Schema):
    id: int
    round: str = Field(description="Slug of the status round.")
    round_id: int
    focus_area: FocusAreaRefOut
    text: str
    still_relevant: bool | None


class AssessmentPageOut(PageOut):
    items: list[AssessmentOut]


# -- write bodies (Bearer token) ----------------------------------------------------------

# Years 1900-2199 only: the date helpers cannot hold year 0, and no plan is older.
PARTIAL_DATE = r"^(19|20|21)\d{2}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
TEXT = {"pattern": NO_NUL}
MONEY_MAX = 10**13 - 1  # whole DKK; with øre that fills the 16 digits MoneyField stores
OBSERVED_MAX = 10**15


def _rounded(places: int):
    step = Decimal(1).scaleb(-places)
    return AfterValidator(lambda value: value.quantize(step, rounding=ROUND_HALF_UP))


def _a_date_text(value: Any) -> Any:
    """A date is written YYYY-MM-DD: pydantic would also read a number as a Unix time."""
    if isinstance(value, str | dt.date):
        return value
    raise ValueError("A date is written YYYY-MM-DD.")


# Decimal, never float, but documented as a JSON number (pydantic would also allow any string);
# rounded to the places stored, so any number in range is taken.
Money = Annotated[
    Decimal,
    Field(ge=0, le=MONEY_MAX),
    _rounded(2),
    WithJsonSchema(
        {"type": "number", "minimum": 0, "maximum": MONEY_MAX, "description": "Rounded to øre."}
    ),
]
ObservedValue = Annotated[
    Decimal,
    Field(ge=-OBSERVED_MAX, le=OBSERVED_MAX),
    _rounded(4),
    WithJsonSchema({"type": "number", "minimum": -OBSERVED_MAX, "maximum": OBSERVED_MAX}),
]
Date = Annotated[dt.date, BeforeValidator(_a_date_text)]
Sdg = Annotated[int, Field(ge=1, le=17)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class BodyIn(Schema):
    """A write body, which must be a JSON object (ninja's Schema would read the attributes of
    any other JSON value and find none, so `[null, null]` passed as an empty change)."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, values: Any) -> Any:
        values = _unwrapped(values)
        if not isinstance(values, dict):
            raise ValueError("The body must be a JSON object.")
        return values


class ProjectCreateIn(BodyIn):
    title: str = Field(min_length=1, max_length=400, **TEXT)
    slug: str = Field(min_length=1, max_length=120, pattern=SLUG)
    focus_areas: list[Id] = Field(
        min_length=1, max_length=50, description="Focus area ids; the first is primary."
    )
    kind: Literal["project", "initiative"] = "project"
    description: str = Field("", max_length=20_000, **TEXT)
    lead: str | None = Field(None, max_length=100, pattern=SLUG, description="Organisation slug.")
    status: ProjectStatusCode = "idea"
    start: str | None = Field(
        None, pattern=PARTIAL_DATE, description="YYYY, YYYY-MM or YYYY-MM-DD."
    )
    end: str | None = Field(None, pattern=PARTIAL_DATE, description=DATE_HELP)
    budget_dkk: Money | None = Field(None, description="Total budget in DKK.")
    budget_upper_bound: bool = Field(
        False, description="The budget is an upper bound (“op til”), not the amount itself."
    )
    sdgs: list[Sdg] = Field(default_factory=list, max_length=17)
    external_id: str = Field("", max_length=200, **TEXT)
    is_published: bool = False


class ProjectUpdateIn(BodyIn):
    """Only the fields given change."""

    title: str | None = Field(None, min_length=1, max_length=400, **TEXT)
    kind: Literal["project", "initiative"] | None = None
    description: str | None = Field(None, max_length=20_000, **TEXT)
    lead: str | None = Field(None, max_length=100, pattern=SLUG, description="Organisation slug.")
    status: ProjectStatusCode | None = None
    start: str | None = Field(None, pattern=PARTIAL_DATE)
    end: str | None = Field(None, pattern=PARTIAL_DATE)
    budget_dkk: Money | None = Field(None, description="Total budget in DKK.")
    budget_upper_bound: bool | None = Field(
        None, description="The budget is an upper bound (“op til”), not the amount itself."
    )
    sdgs: list[Sdg] | None = Field(None, max_length=17)
    is_published: bool | None = None


class GrantIn(BodyIn):
    source: str = Field(max_length=100, pattern=SLUG, description="Funding source slug.")
    amount_dkk: Money | None = Field(None, description="In DKK; null when unknown.")
    upper_bound: bool = Field(
        False, description="The amount is an upper bound (“op til”), not the amount itself."
    )
    decided: str | None = Field(
        None, pattern=PARTIAL_DATE, description="YYYY, YYYY-MM or YYYY-MM-DD."
    )
    decided_by: str = Field("", max_length=300, **TEXT)
    note: str = Field("", max_length=5_000, **TEXT)


class GrantUpdateIn(BodyIn):
    """Only the fields given change."""

    amount_dkk: Money | None = Field(None, description="In DKK; null when unknown.")
    upper_bound: bool | None = Field(
        None, description="The amount is an upper bound (“op til”), not the amount itself."
    )
    decided: str | None = Field(None, pattern=PARTIAL_DATE)
    decided_by: str | None = Field(None, max_length=300, **TEXT)
    note: str | None = Field(None, max_length=5_000, **TEXT)


class CoFundingIn(BodyIn):
    source: str = Field(max_length=100, pattern=SLUG, description="Funding source slug.")
    status: CoFundingStatus
    amount_dkk: Money | None = Field(None, description="In DKK; null when unknown.")
    year: int | None = Field(None, ge=1900, le=2200)
    note: str = Field("", max_length=5_000, **TEXT)


class StatusUpdateIn(BodyIn):
    date: Date
    status: ProjectStatusCode
    text: str = Field("", max_length=20_000, **TEXT)
    progress: int | None = Field(None, ge=0, le=100, description="Per cent.")
    status_label: str = Field("", max_length=200, **TEXT)
    round: int | None = Field(None, ge=1, le=MAX_ID, description="Status round id.")


class StatusUpdateOut(UpdateOut):
    id: int = Field(description="The submitted update's id.")
    project: str = Field(description="The project's slug.")
    state: str = Field(
        description="draft, submitted, approved or returned; a new update is submitted and "
        "becomes public when staff approve it."
    )


YesNo = Annotated[
    str,
    Field(
        pattern=r"^\s*([Jj][Aa]|[Nn][Ee][Jj]|[Yy][Ee][Ss]|[Nn][Oo])\s*$",
        description="For yes/no indicators: ja/nej or yes/no, any case (or 1/0 as a number).",
    ),
]


class ObservationIn(BodyIn):
    date: Date
    value: ObservedValue | YesNo | None = Field(
        None, description="For numeric indicators a number; for yes/no indicators also ja/nej."
    )
    text: str = Field("", max_length=5_000, **TEXT, description="For qualitative indicators.")
    source: str = Field("", max_length=300, **TEXT)
    note: str = Field("", max_length=5_000, **TEXT)


class ObservationCreatedOut(ObservationOut):
    id: int
    indicator_id: int


class AttachmentOut(Schema):
    id: int
    project: str
    filename: str
    title: str
    kind: str = Field(description="The type found in the file's content: pdf, docx, xlsx, ...")
    size: int
    is_public: bool
    download_url: str
