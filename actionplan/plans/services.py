import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from actionplan.core import services as core
from actionplan.core.services import Actor
from actionplan.organisations.models import FundingSource, Organisation

from .models import (
    ActionPlan,
    Fact,
    FocusArea,
    Goal,
    PlannedActivity,
    Strategy,
    SuggestedFunding,
    SuggestedPartner,
    Theme,
)


def strategy_create(
    *, actor: Actor, title: str, slug: str, organisation: Organisation, description: str = ""
) -> Strategy:
    return core.create(
        Strategy(title=title, slug=slug, organisation=organisation, description=description),
        actor=actor,
    )


def plan_create(
    *,
    actor: Actor,
    strategy: Strategy,
    title: str,
    slug: str,
    period_start: dt.date,
    period_end: dt.date,
    organisation: Organisation | None = None,
    intro: str = "",
    status: str = ActionPlan.Status.DRAFT,
) -> ActionPlan:
    return core.create(
        ActionPlan(
            strategy=strategy,
            organisation=organisation or strategy.organisation,
            title=title,
            slug=slug,
            period_start=period_start,
            period_end=period_end,
            intro=intro,
            status=status,
        ),
        actor=actor,
    )


def plan_update(*, actor: Actor, plan: ActionPlan, **values) -> ActionPlan:
    return core.update(plan, actor=actor, **values)


@transaction.atomic
def plan_delete(*, actor: Actor, plan: ActionPlan) -> None:
    core.delete(plan, actor=actor)


def theme_create(
    *,
    actor: Actor,
    plan: ActionPlan,
    title: str,
    slug: str,
    order: int = 0,
    aliases: list[str] | None = None,
) -> Theme:
    return core.create(
        Theme(plan=plan, title=title, slug=slug, order=order, aliases=aliases or []), actor=actor
    )


def focus_area_create(
    *,
    actor: Actor,
    theme: Theme,
    title: str,
    slug: str,
    order: int = 0,
    challenge: str = "",
    approach: str = "",
    funding_text: str = "",
    figure_caption: str = "",
    aliases: list[str] | None = None,
    in_original_plan: bool = True,
) -> FocusArea:
    return core.create(
        FocusArea(
            plan=theme.plan,
            theme=theme,
            title=title,
            slug=slug,
            order=order,
            challenge=challenge,
            approach=approach,
            funding_text=funding_text,
            figure_caption=figure_caption,
            aliases=aliases or [],
            in_original_plan=in_original_plan,
        ),
        actor=actor,
    )


def focus_area_update(*, actor: Actor, focus_area: FocusArea, **values) -> FocusArea:
    if "theme" in values and values["theme"].plan_id != focus_area.plan_id:
        raise ValidationError({"theme": _("The theme belongs to another plan.")})
    return core.update(focus_area, actor=actor, **values)


def fact_create(
    *,
    actor: Actor,
    focus_area: FocusArea,
    text: str,
    order: int = 0,
    value=None,
    unit: str = "",
    year: int | None = None,
    source: str = "",
) -> Fact:
    return core.create(
        Fact(
            focus_area=focus_area,
            text=text,
            order=order,
            value=value,
            unit=unit,
            year=year,
            source=source,
        ),
        actor=actor,
    )


def goal_create(
    *,
    actor: Actor,
    focus_area: FocusArea,
    statement: str,
    target_years: list[int] | None = None,
    no_number_note: str = "",
    order: int = 0,
) -> Goal:
    return core.create(
        Goal(
            focus_area=focus_area,
            statement=statement,
            target_years=target_years or [],
            no_number_note=no_number_note,
            order=order,
        ),
        actor=actor,
    )


def activity_create(
    *,
    actor: Actor,
    focus_area: FocusArea,
    text: str,
    order: int = 0,
    parent: PlannedActivity | None = None,
    is_heading: bool = False,
) -> PlannedActivity:
    if parent is not None and parent.focus_area_id != focus_area.pk:
        raise ValidationError({"parent": _("The parent activity belongs to another focus area.")})
    return core.create(
        PlannedActivity(
            focus_area=focus_area, text=text, order=order, parent=parent, is_heading=is_heading
        ),
        actor=actor,
    )


def suggested_partner_create(
    *,
    actor: Actor,
    focus_area: FocusArea,
    name: str,
    order: int = 0,
    organisation: Organisation | None = None,
) -> SuggestedPartner:
    return core.create(
        SuggestedPartner(focus_area=focus_area, name=name, order=order, organisation=organisation),
        actor=actor,
    )


def suggested_funding_create(
    *,
    actor: Actor,
    focus_area: FocusArea,
    name: str,
    order: int = 0,
    source: FundingSource | None = None,
) -> SuggestedFunding:
    return core.create(
        SuggestedFunding(focus_area=focus_area, name=name, order=order, source=source),
        actor=actor,
    )
