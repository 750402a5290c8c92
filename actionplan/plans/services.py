import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from actionplan.core import services as core
from actionplan.core.services import Actor
from actionplan.organisations.models import FundingSource, Organisation

from . import signals
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
    dac_sector: str = "",
) -> Theme:
    return core.create(
        Theme(
            plan=plan,
            title=title,
            slug=slug,
            order=order,
            aliases=aliases or [],
            dac_sector=dac_sector,
        ),
        actor=actor,
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
    dac_sector: str = "",
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
            dac_sector=dac_sector,
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
    carried_from: Goal | None = None,
    weight: Decimal | None = None,
) -> Goal:
    goal = Goal(
        focus_area=focus_area,
        statement=statement,
        target_years=target_years or [],
        no_number_note=no_number_note,
        order=order,
        carried_from=carried_from,
    )
    if weight is not None:
        goal.weight = weight
    return core.create(
        goal,
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


# -- editing from the staff workspace ------------------------------------------------------


def theme_update(*, actor: Actor, theme: Theme, **values) -> Theme:
    return core.update(theme, actor=actor, **values)


def fact_update(*, actor: Actor, fact: Fact, **values) -> Fact:
    return core.update(fact, actor=actor, **values)


@transaction.atomic
def fact_delete(*, actor: Actor, fact: Fact) -> None:
    core.delete(fact, actor=actor)


def goal_update(*, actor: Actor, goal: Goal, **values) -> Goal:
    return core.update(goal, actor=actor, **values)


@transaction.atomic
def goal_delete(*, actor: Actor, goal: Goal) -> None:
    core.delete(goal, actor=actor)


def activity_update(*, actor: Actor, activity: PlannedActivity, **values) -> PlannedActivity:
    parent = values.get("parent")
    if parent is not None and (
        parent.focus_area_id != activity.focus_area_id or parent.pk == activity.pk
    ):
        raise ValidationError(
            {"parent": _("The parent activity must be another activity of the same focus area.")}
        )
    return core.update(activity, actor=actor, **values)


@transaction.atomic
def activity_delete(*, actor: Actor, activity: PlannedActivity) -> None:
    """Deletes the activity and its sub-items (each recorded in the audit trail)."""
    for item in activity.items.all():
        core.delete(item, actor=actor)
    core.delete(activity, actor=actor)


def suggested_partner_update(
    *, actor: Actor, partner: SuggestedPartner, **values
) -> SuggestedPartner:
    return core.update(partner, actor=actor, **values)


@transaction.atomic
def suggested_partner_delete(*, actor: Actor, partner: SuggestedPartner) -> None:
    core.delete(partner, actor=actor)


def suggested_funding_update(
    *, actor: Actor, funding: SuggestedFunding, **values
) -> SuggestedFunding:
    return core.update(funding, actor=actor, **values)


@transaction.atomic
def suggested_funding_delete(*, actor: Actor, funding: SuggestedFunding) -> None:
    core.delete(funding, actor=actor)


@transaction.atomic
def focus_area_move(*, actor: Actor, focus_area: FocusArea, direction: str) -> FocusArea:
    """Move a focus area one place up or down within its theme. The theme's focus areas are
    numbered 0, 1, 2 ... afterwards (imported ones often all have order 0), and each changed
    order is saved and audited through the shared update."""
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Move a focus area up or down.")})
    siblings = list(
        FocusArea.objects.select_for_update()
        .filter(theme_id=focus_area.theme_id)
        .select_related("plan")
        .order_by("order", "id")
    )
    index = next(i for i, area in enumerate(siblings) if area.pk == focus_area.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    moved = focus_area
    for position, area in enumerate(siblings):
        if area.order != position:
            core.update(area, actor=actor, order=position)
        if area.pk == focus_area.pk:
            moved = area
    return moved


def _next_plan_copy(
    plan: ActionPlan, title: str, slug: str, period_start: dt.date, period_end: dt.date
) -> ActionPlan:
    return ActionPlan(
        strategy=plan.strategy,
        organisation=plan.organisation,
        title=title,
        slug=slug,
        period_start=period_start,
        period_end=period_end,
        intro=plan.intro,
        status=ActionPlan.Status.DRAFT,
    )


@transaction.atomic
def plan_duplicate(
    *,
    actor: Actor,
    plan: ActionPlan,
    title: str,
    slug: str,
    period_start: dt.date,
    period_end: dt.date,
) -> ActionPlan:
    """Start the next action plan from this one: a draft with the same themes, focus areas,
    facts, goals, indicators (baselines and targets, without observations), planned activities
    (with their sub-items), suggested partners and funding. Every copy is an audited create,
    so the new plan's history starts with where each part came from. The indicators are
    copied by the indicators app, which hears of each copied goal (plans.signals)."""
    copy = core.create(_next_plan_copy(plan, title, slug, period_start, period_end), actor=actor)
    areas = (
        FocusArea.objects.filter(plan=plan)
        .prefetch_related(
            "facts",
            "goals__indicators",
            "activities",
            "suggested_partners",
            "suggested_funding",
        )
        .order_by("order", "id")
    )
    areas_by_theme: dict[int, list[FocusArea]] = {}
    for area in areas:
        areas_by_theme.setdefault(area.theme_id, []).append(area)
    for theme in plan.themes.order_by("order", "id"):
        new_theme = theme_create(
            actor=actor,
            plan=copy,
            title=theme.title,
            slug=theme.slug,
            order=theme.order,
            aliases=list(theme.aliases),
        )
        for area in areas_by_theme.get(theme.pk, []):
            _copy_focus_area(actor, area, new_theme)
    return copy


def _copy_focus_area(actor, area, new_theme) -> FocusArea:
    new_area = focus_area_create(
        actor=actor,
        theme=new_theme,
        title=area.title,
        slug=area.slug,
        order=area.order,
        challenge=area.challenge,
        approach=area.approach,
        funding_text=area.funding_text,
        figure_caption=area.figure_caption,
        aliases=list(area.aliases),
    )
    for fact in area.facts.all():
        fact_create(
            actor=actor,
            focus_area=new_area,
            text=fact.text,
            order=fact.order,
            value=fact.value,
            unit=fact.unit,
            year=fact.year,
            source=fact.source,
        )
    for goal in area.goals.all():
        new_goal = core.create(
            Goal(
                focus_area=new_area,
                statement=goal.statement,
                target_years=list(goal.target_years),
                no_number_note=goal.no_number_note,
                weight=goal.weight,
                order=goal.order,
            ),
            actor=actor,
        )
        signals.goal_copied.send(sender=Goal, actor=actor, goal=goal, copy=new_goal)
    copies: dict[int, PlannedActivity] = {}
    pending = sorted(area.activities.all(), key=lambda a: (a.order, a.pk))
    while pending:  # parents before their sub-items, however deep
        ready = [a for a in pending if a.parent_id is None or a.parent_id in copies]
        if not ready:
            break  # a cycle cannot be stored, but never loop forever
        for activity in ready:
            copies[activity.pk] = activity_create(
                actor=actor,
                focus_area=new_area,
                text=activity.text,
                order=activity.order,
                is_heading=activity.is_heading,
                parent=copies[activity.parent_id] if activity.parent_id else None,
            )
        pending = [a for a in pending if a.pk not in copies]
    for partner in area.suggested_partners.all():
        suggested_partner_create(
            actor=actor,
            focus_area=new_area,
            name=partner.name,
            order=partner.order,
            organisation=partner.organisation,
        )
    for funding in area.suggested_funding.all():
        suggested_funding_create(
            actor=actor,
            focus_area=new_area,
            name=funding.name,
            order=funding.order,
            source=funding.source,
        )
    return new_area
