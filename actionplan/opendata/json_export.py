"""The open-data JSON document (the contract in DESIGN.md).

Only published plans, projects and rounds go out, and no personal data: status updates
carry their text but not their author.
"""

from collections import defaultdict
from decimal import Decimal
from typing import Any

from actionplan.core.dates import partial
from actionplan.indicators import progress
from actionplan.indicators.models import Indicator
from actionplan.indicators.selectors import themes_with_content
from actionplan.plans.models import ActionPlan, FocusArea, PlannedActivity, Theme
from actionplan.plans.selectors import published_plans
from actionplan.projects.models import Project
from actionplan.projects.selectors import ProjectFilter, project_list
from actionplan.rounds.models import FocusAreaAssessment
from actionplan.rounds.selectors import assessments_for, projects_with_details


def number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _plan(plan: ActionPlan) -> dict[str, Any]:
    return {
        "slug": plan.slug,
        "title": plan.title,
        "organisation": plan.organisation.name,
        "period_start": plan.period_start.isoformat(),
        "period_end": plan.period_end.isoformat(),
        "strategy": plan.strategy.title,
    }


def indicator_status(indicator: Indicator) -> str:
    return str(progress.assess_indicator(indicator).status)


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _forecast(forecast: progress.Forecast | None) -> dict[str, Any] | None:
    if forecast is None:
        return None

    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 2)

    return {
        "year": forecast.year,
        "value": rounded(forecast.value),
        "low": rounded(forecast.low),
        "high": rounded(forecast.high),
        "standard_error": rounded(forecast.standard_error),
        "observations": forecast.observations,
        "text": str(forecast.reason),
    }


def _indicator(indicator: Indicator) -> dict[str, Any]:
    def point(value: Decimal | None, year: int | None) -> dict | None:
        if value is None and year is None:
            return None
        return {"value": number(value), "year": year}

    return {
        "name": indicator.name,
        "measure": indicator.measure,
        "unit": indicator.unit,
        "ascending": indicator.ascending,
        "baseline": point(indicator.baseline_value, indicator.baseline_year),
        "target": point(indicator.target_value, indicator.target_year),
        "observations": [
            {
                "date": obs.date.isoformat(),
                "value": number(obs.value) if obs.value is not None else obs.text,
            }
            for obs in indicator.observations.all()
        ],
        "status": indicator_status(indicator),
        **_assessment_keys(progress.assess_indicator(indicator)),
    }


def _roll_up_keys(assessment: progress.Assessment) -> dict[str, Any]:
    """A goal's, focus area's or theme's status from its parts (see indicators.progress)."""
    return {
        "status": str(assessment.status),
        "progress": _share(assessment.progress),
        "reason": str(assessment.reason),
    }


def _assessment_keys(assessment: progress.Assessment) -> dict[str, Any]:
    return {
        "progress": _share(assessment.progress),
        "expected": _share(assessment.expected),
        "reason": str(assessment.reason),
        "forecast": _forecast(assessment.forecast),
    }


def activity_text(activity: PlannedActivity) -> str:
    """One line for an activity, its sub-items joined after it."""
    items = [item.text for item in activity.items.all()]
    return f"{activity.text} {'; '.join(items)}" if items else activity.text


def _focus_area(area: FocusArea) -> dict[str, Any]:
    return {
        "slug": area.slug,
        "title": area.title,
        "challenge": area.challenge,
        "approach": area.approach,
        "facts": [fact.text for fact in area.facts.all()],
        "goals": [
            {
                "text": goal.statement,
                "target_years": goal.target_years,
                "indicators": [_indicator(indicator) for indicator in goal.indicators.all()],
                **_roll_up_keys(progress.assess_goal(goal)),
            }
            for goal in area.goals.all()
        ],
        "activities": [activity_text(activity) for activity in area.top_activities],
        "partners": [partner.name for partner in area.suggested_partners.all()],
        "funding_sources": [funding.name for funding in area.suggested_funding.all()],
        "in_original_plan": area.in_original_plan,
        "activity_tree": [
            {
                "text": activity.text,
                "heading": activity.is_heading,
                "items": [item.text for item in activity.items.all()],
            }
            for activity in area.top_activities
        ],
        **_roll_up_keys(progress.assess_focus_area(area)),
        "facts_detail": [
            {
                "text": fact.text,
                "value": number(fact.value),
                "unit": fact.unit,
                "year": fact.year,
                "source": fact.source,
            }
            for fact in area.facts.all()
        ],
    }


def _theme(theme: Theme) -> dict[str, Any]:
    return {
        "title": theme.title,
        "slug": theme.slug,
        "plan": theme.plan.slug,
        "focus_areas": [_focus_area(area) for area in theme.focus_areas.all()],
        **_roll_up_keys(progress.assess_theme(theme)),
    }


def _partners(project: Project) -> list[dict[str, Any]]:
    roles: dict[str, list[str]] = defaultdict(list)
    for participation in project.participations.all():
        roles[participation.organisation.name].append(participation.role)
    return [{"name": name, "roles": names} for name, names in roles.items()]


def _project(project: Project) -> dict[str, Any]:
    start, end = project.start_partial, project.end_partial
    return {
        "id": project.slug,
        "title": project.title,
        "kind": project.kind,
        "description": project.description,
        "focus_areas": [link.focus_area.slug for link in project.focus_area_links.all()],
        "status": project.status,
        "start": start.iso() if start else None,
        "end": end.iso() if end else None,
        "budget_dkk": number(project.budget_dkk),
        "budget_upper_bound": project.budget_upper_bound,  # "op til": budget_dkk is a ceiling
        "lead": project.lead.name if project.lead else None,
        "partners": _partners(project),
        "grants": [
            {
                "source": grant.source.name,
                "amount_dkk": number(grant.amount),
                "upper_bound": grant.upper_bound,  # "op til": amount_dkk is a ceiling
                "decided": grant.decided.iso() if grant.decided else None,
            }
            for grant in project.grants.all()
        ],
        "cofunding": [
            {
                "source": co.source.name,
                "amount_dkk": number(co.amount),
                "status": co.status,
                "year": co.year,
                "note": co.note,
            }
            for co in project.cofunding.all()
        ],
        "updates": [
            {
                "date": update.date.isoformat(),
                "status": update.status,
                "progress": update.progress,
                "text": update.narrative,
            }
            for update in project.updates.all()
        ],
        "sdgs": project.sdgs,
    }


def _iso(date, precision: str) -> str | None:
    return partial(date, precision).iso() if date else None


def project_from_row(row: tuple, related: dict[str, dict[int, list[tuple]]]) -> dict[str, Any]:
    """_project's dictionary from a row of rounds.selectors.project_chunks
    (the same keys, values and order; no model instances)."""
    (pk, slug, title, kind, description, status, start, start_precision, end) = row[:9]
    end_precision, budget, budget_upper_bound, lead, sdgs = row[9:]
    roles: dict[str, list[str]] = {}
    for name, role in related["partners"].get(pk, ()):
        roles.setdefault(name, []).append(role)
    return {
        "id": slug,
        "title": title,
        "kind": kind,
        "description": description,
        "focus_areas": [area for (area,) in related["focus_areas"].get(pk, ())],
        "status": status,
        "start": _iso(start, start_precision),
        "end": _iso(end, end_precision),
        "budget_dkk": number(budget),
        "budget_upper_bound": budget_upper_bound,
        "lead": lead,
        "partners": [{"name": name, "roles": names} for name, names in roles.items()],
        "grants": [
            {
                "source": source,
                "amount_dkk": number(amount),
                "upper_bound": upper_bound,
                "decided": _iso(decided, precision),
            }
            for source, amount, upper_bound, decided, precision in related["grants"].get(pk, ())
        ],
        "cofunding": [
            {
                "source": source,
                "amount_dkk": number(amount),
                "status": co_status,
                "year": year,
                "note": note,
            }
            for source, amount, co_status, year, note in related["cofunding"].get(pk, ())
        ],
        "updates": [
            {
                "date": date.isoformat(),
                "status": update_status,
                "progress": progress_,
                "text": narrative,
            }
            for date, update_status, progress_, narrative in related["updates"].get(pk, ())
        ],
        "sdgs": sdgs,
    }


def _assessment(assessment: FocusAreaAssessment) -> dict[str, Any]:
    return {
        "round": assessment.round.name,
        "plan": assessment.round.plan.slug,
        "focus_area": assessment.focus_area.slug,
        "text": assessment.text,
        "still_relevant": assessment.still_relevant,
    }


def build(plan: ActionPlan | None = None) -> dict[str, Any]:
    """One published plan, or (plan=None) every published plan and every published project."""
    plans = [plan] if plan is not None else list(published_plans())
    return {
        "plan": _plan(plan) if plan is not None else None,
        "plans": [_plan(p) for p in plans],
        "themes": [_theme(theme) for theme in themes_with_content(plans)],
        "projects": [
            _project(p)
            for p in projects_with_details(
                project_list(ProjectFilter(plan=plan.slug if plan is not None else None))
            )
        ],
        "assessments": [_assessment(a) for a in assessments_for(plans)],
    }
