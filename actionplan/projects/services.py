from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from actionplan.core import services as core
from actionplan.core.dates import PartialDate, Precision
from actionplan.core.services import Actor
from actionplan.organisations.models import FundingSource, Organisation
from actionplan.plans.models import FocusArea

from .models import CoFunding, Grant, Participation, Project, ProjectFocusArea, ProjectStatus

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
    sdgs: list[int] | None = None,
    external_id: str = "",
    is_published: bool = False,
) -> Project:
    """Create a project; the first focus area given is its primary one."""
    project = core.create(
        Project(
            title=title,
            slug=slug,
            kind=kind,
            description=description,
            lead=lead,
            status=status,
            budget_dkk=budget_dkk,
            sdgs=sdgs or [],
            external_id=external_id,
            is_published=is_published,
            **_dates(start, end),
        ),
        actor=actor,
    )
    for index, focus_area in enumerate(focus_areas):
        project_focus_area_add(
            actor=actor, project=project, focus_area=focus_area, is_primary=index == 0
        )
    return project


def project_update(*, actor: Actor, project: Project, **values) -> Project:
    dates = _dates(values.pop("start", None), values.pop("end", None))
    return core.update(project, actor=actor, **values, **dates)


def project_focus_area_add(
    *, actor: Actor, project: Project, focus_area: FocusArea, is_primary: bool = False
) -> ProjectFocusArea:
    return core.create(
        ProjectFocusArea(project=project, focus_area=focus_area, is_primary=is_primary),
        actor=actor,
    )


def participation_add(
    *, actor: Actor, project: Project, organisation: Organisation, role: str
) -> Participation:
    return core.create(
        Participation(project=project, organisation=organisation, role=role), actor=actor
    )


def grant_create(
    *,
    actor: Actor,
    project: Project,
    source: FundingSource,
    amount: Decimal | None,
    decided: str | None = None,
    decided_by: str = "",
    note: str = "",
) -> Grant:
    when = PartialDate.parse(decided) if decided else None
    return core.create(
        Grant(
            project=project,
            source=source,
            amount=amount,
            decided_on=when.date if when else None,
            decided_precision=when.precision if when else Precision.DAY,
            decided_by=decided_by,
            note=note,
        ),
        actor=actor,
    )


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
    return core.create(
        CoFunding(
            project=project, source=source, status=status, amount=amount, year=year, note=note
        ),
        actor=actor,
    )


def project_delete(*, actor: Actor, project: Project) -> None:
    core.delete(project, actor=actor)


def grant_update(*, actor: Actor, grant: Grant, **values) -> Grant:
    decided = values.pop("decided", None)
    if decided:
        when = PartialDate.parse(decided)
        values.update(decided_on=when.date, decided_precision=when.precision)
    return core.update(grant, actor=actor, **values)


def grant_delete(*, actor: Actor, grant: Grant) -> None:
    core.delete(grant, actor=actor)
