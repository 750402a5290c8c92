from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import (
    Count,
    DecimalField,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplan.core import services as core
from actionplan.core.dates import PartialDate, Precision
from actionplan.core.services import Actor
from actionplan.organisations.models import FundingSource, Organisation
from actionplan.plans.models import FocusArea

from . import places, signals, summaries
from .models import CoFunding, Grant, Participation, Project, ProjectFocusArea, ProjectStatus
from .summaries import summarised

# The words status memos use, mapped onto the lifecycle (longest phrases first).
STATUS_WORDS: list[tuple[str, str]] = [
    ("forventes igangsat", ProjectStatus.GRANTED),
    ("ventes igangsat", ProjectStatus.GRANTED),
    ("forventes udmøntet", ProjectStatus.GRANTED),
    ("igangsat", ProjectStatus.STARTED),
    ("i gang", ProjectStatus.STARTED),
    ("igang", ProjectStatus.STARTED),
    ("afsluttet", ProjectStatus.COMPLETED),
    ("afslag", ProjectStatus.REJECTED),
    ("bevilget", ProjectStatus.GRANTED),
    ("bevilliget", ProjectStatus.GRANTED),
    ("ansøgt", ProjectStatus.APPLIED),
    ("aflyst", ProjectStatus.CANCELLED),
    ("sat i bero", ProjectStatus.SUSPENDED),
]


ZERO = Decimal(0)


def _money_totals(rows: QuerySet, prefix: str) -> dict:
    """The stored totals of one kind of money row, as subqueries per project (OuterRef)."""
    rows = rows.filter(project=OuterRef("pk")).order_by().values("project")

    def each(aggregate, empty, output_field) -> Coalesce:
        value = Subquery(rows.annotate(value=aggregate).values("value"))
        return Coalesce(value, empty, output_field=output_field)

    money = DecimalField(max_digits=16, decimal_places=2)
    unknown = Count("id", filter=Q(amount__isnull=True))
    return {
        f"{prefix}_dkk": each(Sum("amount"), ZERO, money),
        f"{prefix}_count": each(Count("id"), 0, IntegerField()),
        f"{prefix}_unknown": each(unknown, 0, IntegerField()),
    }


def _totals() -> dict:
    """Every derived money column of a project, as an expression over its money rows."""
    pool = Grant.objects.filter(source__kind=FundingSource.Kind.REGIONAL_POOL)
    granted = CoFunding.objects.filter(status=CoFunding.Status.GRANTED)
    return {
        **_money_totals(Grant.objects.all(), "granted"),
        **_money_totals(pool, "pool"),
        **_money_totals(granted, "cofunding"),
    }


def totals_of(project_id: int) -> dict:
    """The project's money totals as stored in its derived columns, from its money rows."""
    # Aliased: an annotation may not take a field's name.
    row = Project.objects.filter(pk=project_id).values(
        **{f"sum_{name}": total for name, total in _totals().items()}
    )
    return {name.removeprefix("sum_"): value for name, value in row.get().items()}


def refresh_totals(project: Project | int) -> None:
    """Recompute the project's stored money totals; every write of a grant or co-funding
    calls this in its transaction. The project row is locked first, so two concurrent
    writes to one project's money cannot each store a sum missing the other's row."""
    project_id = project if isinstance(project, int) else project.pk
    with summarised(project_id):
        locked = Project.objects.select_for_update().filter(pk=project_id)
        if not locked.values_list("pk", flat=True):
            return  # deleted, with its money
        locked.update(**_totals())
    if isinstance(project, Project):
        project.refresh_from_db(fields=list(_totals()))


def refresh_totals_many(project_ids: Sequence[int]) -> None:
    """refresh_totals for many projects, whose summaries the caller rebuilds."""
    for start in range(0, len(project_ids), core.BATCH):
        chunk = project_ids[start : start + core.BATCH]  # inside SQLite's limit on parameters
        Project.objects.filter(pk__in=chunk).update(**_totals())


def status_from_word(word: str) -> str:
    """Map a memo's status wording ("forventes igangsat") onto a ProjectStatus."""
    text = " ".join(word.lower().split())
    for phrase, status in STATUS_WORDS:
        if phrase in text:
            return status
    raise ValidationError(_("Unknown status wording: “%(word)s”.") % {"word": word})


def _dates(start: str | None, end: str | None) -> dict:
    values: dict = {}
    if start:
        first = PartialDate.parse(start)
        values.update(start=first.date, start_precision=first.precision)
    if end:
        last = PartialDate.parse(end, end=True)
        values.update(end=last.date, end_precision=last.precision)
    return values


@transaction.atomic
def project_create(
    *,
    actor: Actor,
    title: str,
    slug: str,
    focus_areas: Sequence[FocusArea] = (),
    kind: str = Project.Kind.PROJECT,
    description: str = "",
    lead: Organisation | None = None,
    status: str = ProjectStatus.IDEA,
    start: str | None = None,
    end: str | None = None,
    budget_dkk: Decimal | None = None,
    budget_upper_bound: bool = False,
    sdgs: list[int] | None = None,
    external_id: str = "",
    is_published: bool = False,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    postcode: str = "",
) -> Project:
    """Create a project; the first focus area given is its primary one."""
    project = core.create(
        project_build(
            title=title,
            slug=slug,
            kind=kind,
            description=description,
            lead=lead,
            status=status,
            start=start,
            end=end,
            budget_dkk=budget_dkk,
            budget_upper_bound=budget_upper_bound,
            sdgs=sdgs,
            external_id=external_id,
            is_published=is_published,
            latitude=latitude,
            longitude=longitude,
            postcode=postcode,
        ),
        actor=actor,
    )
    # Nothing to tell (focus_areas_changed): a new project has no update requests yet.
    for index, focus_area in enumerate(focus_areas):
        _link_add(actor=actor, project=project, focus_area=focus_area, is_primary=index == 0)
    places.project_municipalities_derive(project=project)
    return project


def project_build(
    *, start: str | None = None, end: str | None = None, sdgs: list[int] | None = None, **values
) -> Project:
    """An unsaved project from project_create's fields (dates as text, "2021-08" allowed)."""
    return Project(sdgs=sdgs or [], **values, **_dates(start, end))


@dataclass
class NewProject:
    """One project for projects_create_many, with the rows that hang on it (unsaved)."""

    project: Project
    focus_areas: Sequence[FocusArea] = ()
    participations: list[Participation] = field(default_factory=list)
    cofunding: list[CoFunding] = field(default_factory=list)


def _check_new(new: list[NewProject]) -> list[ProjectFocusArea]:
    """Every row of the new projects checked as project_create, participation_add and
    cofunding_create check them (the actor's right when they are written); a refused one
    raises core.Refused with its item's position. Returns the focus-area links to write."""
    links: list[ProjectFocusArea] = []
    checker = core.Checker()
    for index, item in enumerate(new):
        item_links = [
            ProjectFocusArea(project=item.project, focus_area=area, is_primary=number == 0)
            for number, area in enumerate(item.focus_areas)
        ]
        children: list[Participation | CoFunding] = [*item.participations, *item.cofunding]
        for child in children:
            child.project = item.project
        try:
            checker.check(item.project, known=("lead",))
            for link in item_links:
                checker.check(link, known=("project", "focus_area"))
            for participation in item.participations:
                checker.check(participation, known=("project", "organisation"))
            for cofunding in item.cofunding:
                checker.check(cofunding, known=("project", "source"))
        except ValidationError as exc:
            raise core.Refused(index, exc) from exc
        links += item_links
    return links


@transaction.atomic
def projects_create_many(
    *, actor: Actor, new: list[NewProject], rebuild: set[int] | None = None
) -> None:
    """project_create, participation_add and cofunding_create for many new projects at once
    (bulk imports): the same checks and audit, a few statements per thousand projects
    (core.create_many). Then the stored money totals, and the summaries of the plans that
    published ones joined, are computed once for all (or the plans added to `rebuild`, as
    projects_update_many). A refused item raises core.Refused with its position in `new`,
    before anything is written."""
    links = _check_new(new)
    for item in new:
        _new_totals(item)
    _create_owned(actor, [(index, item.project) for index, item in enumerate(new)])
    position = {id(item.project): index for index, item in enumerate(new)}
    _create_owned(actor, [(position[id(link.project)], link) for link in links])
    _create_owned(actor, [(i, c) for i, item in enumerate(new) for c in item.participations])
    _create_owned(actor, [(i, c) for i, item in enumerate(new) for c in item.cofunding])
    places.municipalities_of_new(
        [(item.project, [p.organisation for p in item.participations]) for item in new]
    )
    plans = {link.focus_area.plan_id for link in links if link.project.is_published}
    if plans:
        if rebuild is None:
            summaries.rebuild(plans)
        else:
            rebuild.update(plans)


def _new_totals(item: NewProject) -> None:
    """A new project's stored money totals, from the co-funding it is created with (it has
    no grants yet): what refresh_totals stores, set before the insert instead of rewriting
    every new row after it (on PostgreSQL a rewrite updates each of the project's indexes)."""
    project = item.project
    for prefix in ("granted", "pool"):
        setattr(project, f"{prefix}_dkk", ZERO)
        setattr(project, f"{prefix}_count", 0)
        setattr(project, f"{prefix}_unknown", 0)
    granted = [c for c in item.cofunding if c.status == CoFunding.Status.GRANTED]
    project.cofunding_dkk = sum((c.amount for c in granted if c.amount is not None), ZERO)
    project.cofunding_count = len(granted)
    project.cofunding_unknown = sum(1 for c in granted if c.amount is None)


def _create_owned(actor: Actor, rows: Sequence[tuple[int, Model]]) -> None:
    """core.create_many (rows checked already) of rows of one model, each given with the
    position of the item it belongs to, which a refusal names (core.Refused)."""
    try:
        core.create_many([row for _index, row in rows], actor=actor, checked=True)
    except core.Refused as exc:
        raise core.Refused(rows[exc.index][0], exc.error) from exc


def _tell_status(actor: Actor, project: Project, before: str) -> None:
    """Followers hear of a new status (actionplan.notices)."""
    if project.status != before:
        signals.project_changed.send(
            sender=Project,
            actor=actor,
            project=project,
            change="status",
            key=f"status:{project.pk}:{project.status}:{timezone.now():%Y%m%d%H%M%S%f}",
        )


def _link_add(
    *, actor: Actor, project: Project, focus_area: FocusArea, is_primary: bool
) -> ProjectFocusArea:
    with summarised(project.pk):
        return core.create(
            ProjectFocusArea(project=project, focus_area=focus_area, is_primary=is_primary),
            actor=actor,
        )


def _link_remove(*, actor: Actor, link: ProjectFocusArea) -> None:
    with summarised(link.project_id):
        core.delete(link, actor=actor)


def _tell_focus_areas(project_id: int, added: Sequence[int], removed: Sequence[int]) -> None:
    """One signal for all of a change's links: a receiver that locks a row per focus area
    (rounds.totals) then locks them in its own order, in one go."""
    if added or removed:
        signals.focus_areas_changed.send(
            sender=Project, project_id=project_id, added=list(added), removed=list(removed)
        )


@transaction.atomic
def project_focus_area_add(
    *, actor: Actor, project: Project, focus_area: FocusArea, is_primary: bool = False
) -> ProjectFocusArea:
    link = _link_add(actor=actor, project=project, focus_area=focus_area, is_primary=is_primary)
    _tell_focus_areas(project.pk, [focus_area.pk], [])
    return link


def participation_add(
    *, actor: Actor, project: Project, organisation: Organisation, role: str
) -> Participation:
    participation = core.create(
        Participation(project=project, organisation=organisation, role=role), actor=actor
    )
    if organisation.municipality_code:
        places.project_municipalities_derive(project=project)
    return participation


def grant_build(
    *,
    project: Project,
    source: FundingSource,
    amount: Decimal | None,
    decided: str | None = None,
    decided_by: str = "",
    note: str = "",
    upper_bound: bool = False,
) -> Grant:
    """An unsaved grant from grant_create's fields (`decided` as text, "2021-08" allowed)."""
    when = PartialDate.parse(decided) if decided else None
    return Grant(
        project=project,
        source=source,
        amount=amount,
        upper_bound=upper_bound,
        decided_on=when.date if when else None,
        decided_precision=when.precision if when else Precision.DAY,
        decided_by=decided_by,
        note=note,
    )


def _tell_grant(actor: Actor, grant: Grant) -> None:
    signals.project_changed.send(
        sender=Project,
        actor=actor,
        project=grant.project,
        change="grant",
        key=f"grant:{grant.pk}",
        amount=grant.amount,
    )


@transaction.atomic
def grant_create(
    *,
    actor: Actor,
    project: Project,
    source: FundingSource,
    amount: Decimal | None,
    decided: str | None = None,
    decided_by: str = "",
    note: str = "",
    upper_bound: bool = False,
) -> Grant:
    grant = core.create(
        grant_build(
            project=project,
            source=source,
            amount=amount,
            decided=decided,
            decided_by=decided_by,
            note=note,
            upper_bound=upper_bound,
        ),
        actor=actor,
    )
    refresh_totals(project)
    _tell_grant(actor, grant)
    return grant


@transaction.atomic
def grants_create_many(
    *, actor: Actor, grants: list[Grant], rebuild: set[int] | None = None
) -> list[Grant]:
    """grant_create for many grants (grant_build) at once, for bulk imports: the same checks,
    audit and notices; the money totals of their projects once, and the summaries of the
    plans of published ones rebuilt (or added to `rebuild`, as projects_update_many). A
    refused grant raises core.Refused with its position."""
    core.create_many(grants, actor=actor, known=("project", "source"))
    project_ids = sorted({grant.project_id for grant in grants})
    refresh_totals_many(project_ids)
    for grant in grants:
        _tell_grant(actor, grant)
    published = {grant.project_id for grant in grants if grant.project.is_published}
    plans = {plan for found in _plans_of(published).values() for plan in found}
    if plans:
        if rebuild is None:
            summaries.rebuild(plans)
        else:
            rebuild.update(plans)
    return grants


@transaction.atomic
def cofunding_create(
    *,
    actor: Actor,
    project: Project,
    source: FundingSource,
    status: str,
    amount: Decimal | None = None,
    year: int | None = None,
    note: str = "",
) -> CoFunding:
    cofunding = core.create(
        CoFunding(
            project=project, source=source, status=status, amount=amount, year=year, note=note
        ),
        actor=actor,
    )
    refresh_totals(project)
    return cofunding


def project_delete(*, actor: Actor, project: Project) -> None:
    with summarised(project.pk):
        signals.project_deleting.send(sender=Project, project_id=project.pk)
        core.delete(project, actor=actor)


def _refresh_after(item: Grant | CoFunding, before: int) -> None:
    refresh_totals(item.project if item.project_id == before else item.project_id)
    if item.project_id != before:
        refresh_totals(before)


@transaction.atomic
def grant_delete(*, actor: Actor, grant: Grant) -> None:
    project_id = grant.project_id
    core.delete(grant, actor=actor)
    refresh_totals(project_id)


def _partial_values(name: str, when: PartialDate | None, *, end: bool = False) -> dict:
    """A PartialDate (or None, which clears the date) as the model's date and precision."""
    if when is None:
        return {name: None, f"{name}_precision": Precision.DAY}
    if end:
        # An end known to a month or year is stored as that period's last day.
        when = PartialDate.parse(when.iso(), end=True)
    return {name: when.date, f"{name}_precision": when.precision}


@transaction.atomic
def project_focus_area_remove(*, actor: Actor, link: ProjectFocusArea) -> None:
    _link_remove(actor=actor, link=link)
    _tell_focus_areas(link.project_id, [], [link.focus_area_id])


@transaction.atomic
def project_focus_areas_set(
    *,
    actor: Actor,
    project: Project,
    focus_areas: Sequence[FocusArea],
    primary: FocusArea | None = None,
) -> None:
    """Link the project to exactly these focus areas, `primary` (default: the current primary
    if it stays, else the first given) being the primary one."""
    wanted = {area.pk: area for area in focus_areas}
    if not wanted:
        raise ValidationError({"focus_areas": _("Choose at least one focus area.")})
    links = {link.focus_area_id: link for link in project.focus_area_links.all()}
    removed = [area_id for area_id in links if area_id not in wanted]
    for area_id in removed:
        _link_remove(actor=actor, link=links[area_id])
    kept = {area_id: link for area_id, link in links.items() if area_id in wanted}
    if primary is None or primary.pk not in wanted:
        current = next((link.focus_area_id for link in kept.values() if link.is_primary), None)
        primary = wanted[current] if current else next(iter(wanted.values()))
    # Only one link may be primary at a time: step the old one down first.
    for link in kept.values():
        if link.is_primary and link.focus_area_id != primary.pk:
            core.update(link, actor=actor, is_primary=False)
    added = []
    for area_id, area in wanted.items():
        if area_id in kept:
            if area_id == primary.pk and not kept[area_id].is_primary:
                core.update(kept[area_id], actor=actor, is_primary=True)
        else:
            _link_add(
                actor=actor, project=project, focus_area=area, is_primary=area_id == primary.pk
            )
            added.append(area_id)
    _tell_focus_areas(project.pk, added, removed)


def _when(value: str | PartialDate | None, *, end: bool = False) -> PartialDate | None:
    if isinstance(value, str):
        return PartialDate.parse(value, end=end)
    return value


def _stored_values(values: dict) -> dict:
    """project_update's values as the model stores them: `start`/`end` (a PartialDate or its
    text, None clears) as date and precision."""
    values = dict(values)
    for name in ("start", "end"):
        if name in values:
            when = _when(values.pop(name), end=name == "end")
            values.update(_partial_values(name, when, end=name == "end"))
    return values


# A change of these re-derives the project's municipalities (actionplan.projects.places).
PLACE_FIELDS = {"lead", "latitude", "longitude", "postcode"}


@transaction.atomic
def project_update(
    *,
    actor: Actor,
    project: Project,
    expected_version: str | None = None,
    focus_areas: Sequence[FocusArea] | None = None,
    primary: FocusArea | None = None,
    **values,
) -> Project:
    """Change the fields given; the others keep their values. The workspace, the API, imports
    and status rounds all write a project through here. `start`/`end` are a PartialDate or its
    text ("2021-08"), None clears them; with focus_areas the links are set to exactly those.
    A stale expected_version (core.services.version_of when the change began) is refused
    with ConflictError."""
    values = _stored_values(values)
    status_before = project.status
    with summarised(project.pk):
        project = core.update(project, actor=actor, expected_version=expected_version, **values)
    _tell_status(actor, project, status_before)
    if focus_areas is not None:
        project_focus_areas_set(
            actor=actor, project=project, focus_areas=focus_areas, primary=primary
        )
    if PLACE_FIELDS & set(values):
        places.project_municipalities_derive(project=project)
    return project


@dataclass
class ProjectChange:
    """One stored project for projects_update_many: project_update's values, the focus areas
    to link it to exactly (None: as they are), and new and changed rows that hang on it.
    The caller has read the project with its focus_area_links."""

    project: Project
    values: dict = field(default_factory=dict)
    focus_areas: Sequence[FocusArea] | None = None
    participations: list[Participation] = field(default_factory=list)
    cofunding: list[CoFunding] = field(default_factory=list)
    cofunding_changes: list[tuple[CoFunding, dict]] = field(default_factory=list)


def _plans_of(project_ids: set[int]) -> dict[int, set[int]]:
    """project -> the plans it is in (by its focus areas)."""
    found: dict[int, set[int]] = {}
    ids = sorted(project_ids)
    for start in range(0, len(ids), core.BATCH):
        for project, plan in ProjectFocusArea.objects.filter(
            project_id__in=ids[start : start + core.BATCH]
        ).values_list("project_id", "focus_area__plan_id"):
            found.setdefault(project, set()).add(plan)
    return found


def _new_children(
    changes: list[ProjectChange],
) -> list[tuple[int, Participation | CoFunding]]:
    """The new participations and co-funding of the changes, each with its item's position,
    checked as participation_add and cofunding_create check them (core.Refused)."""
    children: list[tuple[int, Participation | CoFunding]] = []
    checker = core.Checker()
    for index, item in enumerate(changes):
        mine: list[Participation | CoFunding] = [*item.participations, *item.cofunding]
        for child in mine:
            child.project = item.project
            known = ("project", "organisation" if isinstance(child, Participation) else "source")
            try:
                checker.check(child, known=known)
            except ValidationError as exc:
                raise core.Refused(index, exc) from exc
            children.append((index, child))
    return children


@transaction.atomic
def projects_update_many(
    *, actor: Actor, changes: list[ProjectChange], rebuild: set[int] | None = None
) -> list[bool]:
    """project_update, project_focus_areas_set, participation_add, cofunding_create and
    cofunding_update for many stored projects at once (re-imports): the same checks and
    audit in a few statements per thousand projects; whether each project changed. Money
    totals and municipalities are derived again for the projects whose rows changed, and
    the summaries of the plans whose published projects changed are rebuilt: at once, or,
    when `rebuild` is given, added to it for the caller to rebuild after its last batch
    (summaries.rebuild). A refused row raises core.Refused with its item's position."""
    changed = [False] * len(changes)
    published = {item.project.pk for item in changes if item.project.is_published}
    plans_before = _plans_of(published)  # a published project may leave a plan
    status_before = [item.project.status for item in changes]
    updated = core.update_many(
        [(item.project, _stored_values(item.values)) for item in changes],
        actor=actor,
        known=("lead",),
    )
    position = {id(item.project): index for index, item in enumerate(changes)}
    derive: set[int] = set()
    for project, diff in updated:
        changed[position[id(project)]] = True
        if {project._meta.get_field(name).name for name in diff} & PLACE_FIELDS:
            derive.add(project.pk)
    for index, item in enumerate(changes):
        if item.focus_areas is None:
            continue
        linked = {link.focus_area_id for link in item.project.focus_area_links.all()}
        if linked != {area.pk for area in item.focus_areas}:
            try:
                project_focus_areas_set(
                    actor=actor, project=item.project, focus_areas=item.focus_areas
                )
            except (ValidationError, PermissionDenied) as exc:
                raise core.Refused(index, exc) from exc
            changed[index] = True
    children = _new_children(changes)
    _create_owned(actor, [(i, c) for i, c in children if isinstance(c, Participation)])
    _create_owned(actor, [(i, c) for i, c in children if isinstance(c, CoFunding)])
    participations = [c for _i, c in children if isinstance(c, Participation)]
    cofunding = [c for _i, c in children if isinstance(c, CoFunding)]
    for index, _child in children:
        changed[index] = True
    derive.update(p.project_id for p in participations if p.organisation.municipality_code)
    money = {c.project_id for c in cofunding}
    pairs = [(index, pair) for index, item in enumerate(changes) for pair in item.cofunding_changes]
    try:
        done = core.update_many(
            [pair for _index, pair in pairs], actor=actor, known=("project", "source")
        )
    except core.Refused as exc:
        raise core.Refused(pairs[exc.index][0], exc.error) from exc
    owner = {id(pair[0]): index for index, pair in pairs}
    for row, _diff in done:
        changed[owner[id(row)]] = True
        money.add(row.project_id)
    refresh_totals_many(sorted(money))
    for item, before in zip(changes, status_before, strict=True):
        _tell_status(actor, item.project, before)
    places.municipalities_derive_many(sorted(derive))
    touched = {item.project.pk for item, was in zip(changes, changed, strict=True) if was}
    published_now = {item.project.pk for item in changes if item.project.is_published}
    affected = (published | published_now) & touched
    plans = {plan for pk in affected for plan in plans_before.get(pk, ())}
    plans.update(plan for found in _plans_of(affected).values() for plan in found)
    if plans:
        if rebuild is None:
            summaries.rebuild(plans)
        else:
            rebuild.update(plans)
    return changed


def participation_remove(*, actor: Actor, participation: Participation) -> None:
    project = participation.project
    core.delete(participation, actor=actor)
    places.project_municipalities_derive(project=project)


@transaction.atomic
def participation_roles_add(
    *, actor: Actor, project: Project, organisation: Organisation, roles: Sequence[str]
) -> list[Participation]:
    """Give an organisation these roles on the project; roles it already holds are kept."""
    held = set(
        Participation.objects.filter(project=project, organisation=organisation).values_list(
            "role", flat=True
        )
    )
    return [
        participation_add(actor=actor, project=project, organisation=organisation, role=role)
        for role in roles
        if role not in held
    ]


@transaction.atomic
def grant_update(
    *, actor: Actor, grant: Grant, expected_version: str | None = None, **values
) -> Grant:
    """Change the fields given; the others keep their values. `decided` is a PartialDate or
    its text, None clears it. A stale expected_version is refused (ConflictError)."""
    if "decided" in values:
        decided = _when(values.pop("decided"))
        values["decided_on"] = decided.date if decided else None
        values["decided_precision"] = decided.precision if decided else Precision.DAY
    before = grant.project_id
    grant = core.update(grant, actor=actor, expected_version=expected_version, **values)
    _refresh_after(grant, before)
    return grant


@transaction.atomic
def cofunding_update(
    *, actor: Actor, cofunding: CoFunding, expected_version: str | None = None, **values
) -> CoFunding:
    before = cofunding.project_id
    cofunding = core.update(cofunding, actor=actor, expected_version=expected_version, **values)
    _refresh_after(cofunding, before)
    return cofunding


@transaction.atomic
def cofunding_delete(*, actor: Actor, cofunding: CoFunding) -> None:
    project_id = cofunding.project_id
    core.delete(cofunding, actor=actor)
    refresh_totals(project_id)
