"""Input (query) and output schemas, one set per endpoint; no model is exposed directly.

Write endpoints (with API tokens) will get their own *In body schemas beside these.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import WithJsonSchema

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


class PageIn(Schema):
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
    amount_min: Decimal | None = Field(
        None, ge=0, le=10**13, description="Least total granted, in DKK."
    )
    amount_max: Decimal | None = Field(
        None, ge=0, le=10**13, description="Most total granted, in DKK."
    )
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
# Decimal, never float, but documented as a JSON number (pydantic would also allow any string).
Money = Annotated[
    Decimal,
    Field(ge=0, le=10**13, max_digits=15, decimal_places=2),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 10**13}),
]
ObservedValue = Annotated[
    Decimal,
    Field(ge=-(10**15), le=10**15, max_digits=20, decimal_places=4),
    WithJsonSchema({"type": "number", "minimum": -(10**15), "maximum": 10**15}),
]
Sdg = Annotated[int, Field(ge=1, le=17)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class ProjectCreateIn(Schema):
    title: str = Field(min_length=1, max_length=400, **TEXT)
    slug: str = Field(min_length=1, max_length=120, pattern=SLUG)
    focus_areas: list[Id] = Field(
        default_factory=list, max_length=50, description="Focus area ids; the first is primary."
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


class ProjectUpdateIn(Schema):
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


class GrantIn(Schema):
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


class GrantUpdateIn(Schema):
    """Only the fields given change."""

    amount_dkk: Money | None = Field(None, description="In DKK; null when unknown.")
    upper_bound: bool | None = Field(
        None, description="The amount is an upper bound (“op til”), not the amount itself."
    )
    decided: str | None = Field(None, pattern=PARTIAL_DATE)
    decided_by: str | None = Field(None, max_length=300, **TEXT)
    note: str | None = Field(None, max_length=5_000, **TEXT)


class CoFundingIn(Schema):
    source: str = Field(max_length=100, pattern=SLUG, description="Funding source slug.")
    status: CoFundingStatus
    amount_dkk: Money | None = Field(None, description="In DKK; null when unknown.")
    year: int | None = Field(None, ge=1900, le=2200)
    note: str = Field("", max_length=5_000, **TEXT)


class StatusUpdateIn(Schema):
    date: dt.date
    status: ProjectStatusCode
    text: str = Field("", max_length=20_000, **TEXT)
    progress: int | None = Field(None, ge=0, le=100, description="Per cent.")
    status_label: str = Field("", max_length=200, **TEXT)
    round: int | None = Field(None, ge=1, le=MAX_ID, description="Status round id.")


class StatusUpdateOut(UpdateOut):
    id: int
    project: str = Field(description="The project's slug.")


class ObservationIn(Schema):
    date: dt.date
    value: ObservedValue | None = Field(None, description="For numeric indicators.")
    text: str = Field("", max_length=5_000, **TEXT, description="For qualitative indicators.")
    source: str = Field("", max_length=300, **TEXT)
    note: str = Field("", max_length=5_000, **TEXT)


class ObservationCreatedOut(ObservationOut):
    id: int
    indicator_id: int
