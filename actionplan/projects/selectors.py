import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.lookups import Overlap
from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    CharField,
    Exists,
    Expression,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat

from actionplan.core.history import HistoryItem, Part, object_history
from actionplan.core.models import MoneyField
from actionplan.core.search import folded_contains, search_projects
from actionplan.core.services import version_of
from actionplan.organisations.models import Organisation
from actionplan.plans.models import ActionPlan, FocusArea

from .models import (
    CoFunding,
    Grant,
    Participation,
    PlanStatusTotals,
    Project,
    ProjectFocusArea,
    ProjectMunicipality,
)


def published_projects() -> QuerySet[Project]:
    """Every published project; project_list filters them."""
    return Project.objects.filter(is_published=True)


# The reads of a project with its status updates (projects_with_details, project_chunks,
# public_project_get, workspace_project_get) are in rounds.selectors: the updates are the
# rounds' rows, above the projects.


# -- public reads for the API and open data (published projects only) ----------------------


def granted_total() -> Coalesce:
    """The sum of a project's grants as a subquery, so other joins cannot multiply it.
    Project.granted_dkk holds the same sum, kept by the grant services; prefer it."""
    total = (
        Grant.objects.filter(project=OuterRef("pk"))
        .values("project")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(total), Value(Decimal(0)), output_field=MoneyField())


# -- the one project list: portal, API, exports and workspace --------------------------------


@dataclass(frozen=True)
class ProjectFilter:
    """Which projects a list shows; every condition given must hold (None: any).

    A project runs in `year` Y when it starts on or before 31 December Y and has no end or
    ends on or after 1 January Y. A project without a start date runs in no year: nobody
    knows when it runs, and counting it in every year would fill every year's list."""

    plan: str | None = None  # slug
    theme: int | None = None
    focus_area: int | None = None
    status: str | None = None
    year: int | None = None
    organisation: str | None = None  # slug of the lead or a partner
    organisation_name: str | None = None  # slug, name or part of a name of the lead or a partner
    municipality: str | None = None  # municipality code (the project takes place there)
    funding_source: str | None = None  # slug of a source of a grant or co-funding
    sdg: int | None = None
    amount_min: Decimal | None = None  # of the total granted
    amount_max: Decimal | None = None
    search: str | None = None  # core.search.search_projects


# The sorts a project list offers, "-" before a key for descending; nulls go last either way,
# then title, then id.
PROJECT_SORTS = {
    "title": "title",
    "start": "start",
    "end": "end",
    "budget": "budget_dkk",
    "granted": "granted_dkk",
    "updated": "updated_at",
}


def project_list(
    filters: ProjectFilter = ProjectFilter(),
    *,
    within: QuerySet[Project] | None = None,
    sort: str = "title",
) -> QuerySet[Project]:
    """The projects matching `filters`, with their lead, in the order of `sort` (a key of
    PROJECT_SORTS, "-" for descending). Without `within`: published projects, and only their
    links to focus areas of published plans count (drafts never show). With `within`: those
    projects, drafts included (the workspace's: accounts.selectors.workspace_projects)."""
    public = within is None
    projects = published_projects() if within is None else within
    if filters.plan:
        projects = _with_focus_area(projects, Q(plan__slug=filters.plan), public=public)
    if filters.theme:
        projects = _with_focus_area(projects, Q(theme_id=filters.theme), public=public)
    if filters.focus_area:
        projects = _with_focus_area(projects, Q(pk=filters.focus_area), public=public)
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.year:
        projects = projects.filter(
            Q(end__isnull=True) | Q(end__gte=dt.date(filters.year, 1, 1)),
            start__lte=dt.date(filters.year, 12, 31),
        )
    if filters.organisation:
        projects = _with_organisation(projects, Q(slug=filters.organisation))
    if filters.organisation_name:
        name = filters.organisation_name
        projects = _with_organisation(projects, Q(slug=name) | folded_contains("name", name))
    if filters.municipality:
        projects = projects.filter(
            Exists(
                ProjectMunicipality.objects.filter(
                    project=OuterRef("pk"), code=filters.municipality
                )
            )
        )
    if filters.funding_source:
        source = filters.funding_source
        projects = projects.filter(
            Exists(Grant.objects.filter(project=OuterRef("pk"), source__slug=source))
            | Exists(CoFunding.objects.filter(project=OuterRef("pk"), source__slug=source))
        )
    if filters.sdg:
        # JSON containment is not available on SQLite; the stored list is plain text there
        # and on PostgreSQL (jsonb::text), so match the number as a whole word.
        projects = projects.alias(_sdgs=Cast("sdgs", TextField())).filter(
            _sdgs__regex=rf"(^|[^0-9]){int(filters.sdg)}([^0-9]|$)"
        )
    if filters.amount_min is not None:
        projects = projects.filter(granted_dkk__gte=filters.amount_min)
    if filters.amount_max is not None:
        projects = projects.filter(granted_dkk__lte=filters.amount_max)
    projects = search_projects(projects, filters.search)
    return projects.select_related("lead").order_by(
        *_project_order(sort, searched=bool((filters.search or "").strip()))
    )


_ID_ARRAY = ArrayField(BigIntegerField())


class StoredIds(Expression):
    """projects_project.organisation_ids or .focus_area_ids: on PostgreSQL only, arrays kept
    by triggers (migration projects 0012), GIN-indexed; unknown to the model. The table's
    alias is taken when the expression joins a query and follows it when that query becomes
    a subquery (as a column does), so OuterRef to it works."""

    output_field = ArrayField(BigIntegerField())

    def __init__(self, column: str, alias: str | None = None) -> None:
        super().__init__()
        self.column = column
        self.alias = alias

    def resolve_expression(
        self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False
    ):
        if self.alias is not None:  # resolved already: an OuterRef to it from a subquery
            return self
        resolved = self.copy()
        resolved.alias = query.get_initial_alias()
        return resolved

    def relabeled_clone(self, change_map):
        clone = self.copy()
        clone.alias = change_map.get(self.alias, self.alias)
        return clone

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name_unless_alias(self.alias)}.{self.column}", []


# Up to this many ids, a filter by stored ids names them in the query (an index lookup each
# and a test of a few ids per project); beyond it, each project's few ids are looked up in
# the matching organisations instead (a broad name: "a" matches most of 40.000).
INLINE_IDS = 2000


def _stored_ids() -> bool:
    """Whether the projects keep their link ids (migration projects 0012): PostgreSQL."""
    return connection.vendor == "postgresql"


def linked_to_focus_areas(areas: Q, *, public: bool = False) -> Q:
    """A condition on projects: linked to a focus area matching `areas` (of a published plan
    when public). On PostgreSQL the areas' ids are looked up first (a plan has at most a few
    hundred) and tested against each project's stored focus_area_ids, which the GIN index
    serves: no join to the links per project (the workspace's scope of an editor was an
    EXISTS over 190.000 links at 1.000.000 projects: 870 ms)."""
    chosen = FocusArea.objects.filter(areas)
    if public:
        chosen = chosen.filter(plan__status=ActionPlan.Status.PUBLISHED)
    if not _stored_ids():
        links = ProjectFocusArea.objects.filter(project=OuterRef("pk"), focus_area__in=chosen)
        return Q(Exists(links))
    ids = list(chosen.order_by("pk").values_list("pk", flat=True))
    if not ids:
        return Q(pk__in=[])
    return Q(Overlap(StoredIds("focus_area_ids"), Value(ids, output_field=_ID_ARRAY)))


def _with_focus_area(projects: QuerySet[Project], areas: Q, *, public: bool) -> QuerySet[Project]:
    return projects.filter(linked_to_focus_areas(areas, public=public))


def _with_organisation(projects: QuerySet[Project], organisations: Q) -> QuerySet[Project]:
    """Projects led by, or with a partner role of, an organisation matching `organisations`.

    On PostgreSQL the matching organisations' ids are looked up first (a name uses the
    trigram index, see core.search.folded_contains), then tested against each project's
    stored organisation_ids (lead and partners): up to INLINE_IDS of them as an array in the
    query (organisation_ids && ARRAY[...], which the GIN index serves and the planner can
    weigh), more as a lookup of each project's ids among the matching organisations."""
    named = Organisation.objects.filter(organisations)
    if not _stored_ids():
        return projects.filter(
            Q(lead__in=named)
            | Q(
                Exists(Participation.objects.filter(project=OuterRef("pk"), organisation__in=named))
            )
        )
    ids = list(named.order_by().values_list("pk", flat=True)[: INLINE_IDS + 1])
    if not ids:
        # Nothing to look for: PostgreSQL cannot know that no array overlaps an empty one
        # and read every project to find none (200 ms at 100.000).
        return projects.none()
    projects = projects.alias(_organisation_ids=StoredIds("organisation_ids"))
    if len(ids) <= INLINE_IDS:
        return projects.filter(_organisation_ids__overlap=sorted(ids))
    return projects.filter(Exists(named.filter(_AnyOf(F("pk"), OuterRef("_organisation_ids")))))


class _AnyOf(Func):
    """value = ANY(array): PostgreSQL's membership test (the exact lookup would put the
    right-hand side in parentheses, which ANY refuses)."""

    output_field = BooleanField()
    conditional = True

    def as_sql(self, compiler, connection, **extra_context):
        value, array = (compiler.compile(e) for e in self.get_source_expressions())
        return f"{value[0]} = ANY({array[0]})", [*value[1], *array[1]]


def _project_order(sort: str, *, searched: bool) -> list:
    key = PROJECT_SORTS.get(sort.lstrip("-"), "title")
    if key == "title":
        if sort.startswith("-"):
            return [F("title").desc(), "pk"]
        if searched:
            # The same order, from a key no index holds: walking the title index and testing
            # each row against the search reads every title before the first match
            # ("Klima..." after all of A-J); sorting the matches the search indexes find
            # does not.
            return [Concat("title", Value(""), output_field=CharField()), "pk"]
        return ["title", "pk"]
    field = F(key)
    if not Project._meta.get_field(key).null:
        # No nulls to place: the order an index on (key DESC, title, id) holds. PostgreSQL
        # would not walk that index for "DESC NULLS LAST" (its DESC puts nulls first) and
        # sorted every match instead: 180 ms for the list by money at 100.000 projects.
        first = field.desc() if sort.startswith("-") else field.asc()
    else:
        first = field.desc(nulls_last=True) if sort.startswith("-") else field.asc(nulls_last=True)
    return [first, "title", "pk"]


def with_focus_areas(projects: QuerySet[Project], *, public: bool = True) -> QuerySet[Project]:
    """The projects with their links to focus areas (and the areas' plans and themes),
    primary first; public: only links to focus areas of published plans."""
    return projects.prefetch_related(
        Prefetch("focus_area_links", queryset=focus_area_links(public=public))
    )


def focus_area_links(*, public: bool = True) -> QuerySet[ProjectFocusArea]:
    links = ProjectFocusArea.objects.all()
    if public:
        links = links.filter(focus_area__plan__status=ActionPlan.Status.PUBLISHED)
    return links.select_related("focus_area__theme", "focus_area__plan").order_by(
        "-is_primary", "focus_area__theme__order", "focus_area__order", "focus_area__id"
    )


def public_project_count_in_plan(plan: str, status: str | None = None) -> int:
    """How many projects project_list(ProjectFilter(plan=plan, status=status)) lists, from the
    stored totals (a row per plan and status) rather than by counting them: a plan of a
    national portfolio holds 100.000 projects, and counting them took half a second."""
    totals = PlanStatusTotals.objects.filter(
        plan__slug=plan, plan__status=ActionPlan.Status.PUBLISHED
    )
    if status:
        totals = totals.filter(status=status)
    return totals.aggregate(projects=Sum("projects"))["projects"] or 0


def _public_focus_area_links() -> Prefetch:
    return Prefetch("focus_area_links", queryset=focus_area_links(public=True))


def public_project_version(slug: str) -> str | None:
    """The stored version (core.services.version_of) of a published project, or None."""
    project = Project.objects.filter(is_published=True, slug=slug).first()
    return version_of(project) if project else None


def projects_for_iati(plan: ActionPlan | None = None) -> QuerySet[Project]:
    """Published projects with a known start (IATI requires one), with organisations, money
    and the goals of their focus areas."""
    from actionplan.indicators.models import Indicator, Observation
    from actionplan.plans.models import Goal

    goals = Goal.objects.order_by("order", "id").prefetch_related(
        Prefetch(
            "indicators",
            queryset=Indicator.objects.order_by("order", "id").prefetch_related(
                Prefetch("observations", queryset=Observation.objects.order_by("date", "id"))
            ),
        )
    )
    links = (
        ProjectFocusArea.objects.filter(focus_area__plan__status=ActionPlan.Status.PUBLISHED)
        .select_related("focus_area__plan__organisation", "focus_area__theme")
        .prefetch_related(Prefetch("focus_area__goals", queryset=goals))
        .order_by("-is_primary", "focus_area__theme__order", "focus_area__order")
    )
    return (
        project_list(ProjectFilter(plan=plan.slug if plan is not None else None))
        .filter(start__isnull=False)
        .select_related("lead")
        .prefetch_related(
            Prefetch("focus_area_links", queryset=links),
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("organisation").order_by(
                    "organisation__name", "role"
                ),
            ),
            Prefetch(
                "grants",
                queryset=Grant.objects.select_related("source__organisation").order_by(
                    "decided_on", "id"
                ),
            ),
        )
        .order_by("id")
    )


# The records that belong to a project and keep its id in their audit events' changes.
PROJECT_PARTS = tuple(
    Part(object_type, "project_id")
    for object_type in (
        "projects.grant",
        "projects.cofunding",
        "projects.participation",
        "projects.projectfocusarea",
        "rounds.statusupdate",
        "rounds.updaterequest",
        "rounds.milestone",
        "attachments.attachment",
    )
)


def project_history(project: Project) -> list[HistoryItem]:
    """The project's audit trail as sentences, newest first, with the events of its grants,
    co-funding, partners, focus-area links, status updates (submitted and approved) and
    milestones, deleted ones included."""
    return object_history(project, PROJECT_PARTS)
