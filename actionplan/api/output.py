"""Model instances to plain dictionaries in the shape of the *Out schemas.

Nothing here queries: every relation read below is prefetched by the selector that made the
instance (see actionplan.api.selectors and the public_* selectors of each app).
"""

from decimal import Decimal
from typing import Any

from actionplan.core.services import version_of
from actionplan.indicators import progress
from actionplan.indicators.models import Indicator, Observation
from actionplan.opendata.json_export import number
from actionplan.organisations.models import FundingSource, Organisation
from actionplan.plans.models import ActionPlan, FocusArea, Goal, Theme
from actionplan.projects.models import CoFunding, Grant, Project
from actionplan.rounds.models import FocusAreaAssessment, StatusRound, StatusUpdate, UpdateRequest


def money(value: Decimal | None) -> int | float | None:
    return number(value)


def organisation_ref(organisation: Organisation | None) -> dict | None:
    if organisation is None:
        return None
    return {"slug": organisation.slug, "name": organisation.name}


def plan_ref(plan: ActionPlan) -> dict:
    return {"slug": plan.slug, "title": plan.title}


def _titled(obj: Theme | FocusArea) -> dict:
    return {"id": obj.pk, "slug": obj.slug, "title": obj.title}


def focus_area_ref(area: FocusArea, plan: ActionPlan | None = None) -> dict:
    return {**_titled(area), "plan": (plan or area.plan).slug}


def plan(plan: ActionPlan) -> dict:
    return {
        "slug": plan.slug,
        "title": plan.title,
        "organisation": organisation_ref(plan.organisation),
        "strategy": plan.strategy.title,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "intro": plan.intro,
    }


def plan_detail(plan_: ActionPlan) -> dict:
    return {
        **plan(plan_),
        "themes": [
            {
                **_titled(theme),
                "focus_areas": [focus_area_ref(a, plan_) for a in theme.focus_areas.all()],
            }
            for theme in plan_.themes.all()
        ],
    }


def theme(theme: Theme) -> dict:
    return {
        **_titled(theme),
        "plan": plan_ref(theme.plan),
        "focus_areas": [focus_area_ref(a, theme.plan) for a in theme.focus_areas.all()],
    }


def focus_area(area: FocusArea) -> dict:
    return {
        **_titled(area),
        "plan": plan_ref(area.plan),
        "theme": area.theme.slug,
        "theme_id": area.theme_id,
        "in_original_plan": area.in_original_plan,
        "challenge": area.challenge,
        "approach": area.approach,
        "facts": [
            {
                "text": fact.text,
                "value": number(fact.value),
                "unit": fact.unit,
                "year": fact.year,
                "source": fact.source,
            }
            for fact in area.facts.all()
        ],
        "goals": [
            {"id": g.pk, "text": g.statement, "target_years": g.target_years}
            for g in area.goals.all()
        ],
        "activities": [
            {
                "text": activity.text,
                "heading": activity.is_heading,
                "items": [item.text for item in activity.items.all()],
            }
            for activity in area.top_activities
        ],
        "partners": [p.name for p in area.suggested_partners.all()],
        "funding_sources": [f.name for f in area.suggested_funding.all()],
    }


def goal(goal: Goal) -> dict:
    return {
        "id": goal.pk,
        "text": goal.statement,
        "target_years": goal.target_years,
        "focus_area": focus_area_ref(goal.focus_area),
        "indicators": [{"id": i.pk, "name": i.name, "unit": i.unit} for i in goal.indicators.all()],
    }


def _point(value: Decimal | None, year: int | None) -> dict | None:
    if value is None and year is None:
        return None
    return {"value": number(value), "year": year}


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def indicator(indicator: Indicator) -> dict:
    assessment = progress.assess_indicator(indicator)
    return {
        "id": indicator.pk,
        "name": indicator.name,
        "goal_id": indicator.goal_id,
        "focus_area": focus_area_ref(indicator.goal.focus_area),
        "measure": indicator.measure,
        "unit": indicator.unit,
        "ascending": indicator.ascending,
        "baseline": _point(indicator.baseline_value, indicator.baseline_year),
        "target": _point(indicator.target_value, indicator.target_year),
        "source": indicator.source,
        "observations": [observation(o) for o in indicator.observations.all()],
        "status": str(assessment.status),
        "progress": _share(assessment.progress),
        "expected": _share(assessment.expected),
        "reason": str(assessment.reason),
    }


def project(project: Project) -> dict:
    start, end = project.start_partial, project.end_partial
    return {
        "id": project.slug,
        "title": project.title,
        "kind": project.kind,
        "status": project.status,
        "start": start.iso() if start else None,
        "end": end.iso() if end else None,
        "budget_dkk": money(project.budget_dkk),
        "budget_upper_bound": project.budget_upper_bound,
        "granted_dkk": money(getattr(project, "granted_dkk", None) or Decimal(0)),
        "lead": organisation_ref(project.lead),
        "focus_areas": [focus_area_ref(link.focus_area) for link in project.focus_area_links.all()],
        "sdgs": list(project.sdgs or []),
    }


def status_update(update: StatusUpdate | UpdateRequest) -> dict:
    return {
        "date": update.date,
        "status": update.status,
        "status_label": update.status_label,
        "progress": update.progress,
        "text": update.narrative,
        "round": update.round.slug if update.round_id else None,
    }


def submitted_update(request: UpdateRequest, *, project: Project) -> dict:
    """An update request's report as submitted: the fields of a status update, and its id,
    project and state."""
    return {
        "id": request.pk,
        "project": project.slug,
        "state": request.state,
        **status_update(request),
    }


def _roles(project: Project) -> list[dict]:
    partners: dict[int, dict[str, Any]] = {}
    for participation in project.participations.all():
        entry = partners.setdefault(
            participation.organisation_id,
            {"organisation": organisation_ref(participation.organisation), "roles": []},
        )
        entry["roles"].append(participation.role)
    return list(partners.values())


def _money_from(item: Grant | CoFunding) -> dict:
    return {
        "id": item.pk,
        "source": item.source.slug,
        "source_name": item.source.name,
        "amount_dkk": money(item.amount),
    }


def grant(grant: Grant) -> dict:
    return {
        **_money_from(grant),
        "upper_bound": grant.upper_bound,
        "decided": grant.decided.iso() if grant.decided else None,
        "version": version_of(grant),
    }


def cofunding(cofunding: CoFunding) -> dict:
    return {
        **_money_from(cofunding),
        "status": cofunding.status,
        "year": cofunding.year,
    }


def observation(observation: Observation) -> dict:
    return {
        "indicator_id": observation.indicator_id,
        "date": observation.date,
        "value": number(observation.value),
        "text": observation.text,
        "source": observation.source,
    }


def project_detail(project_: Project) -> dict:
    return {
        **project(project_),
        "version": version_of(project_),
        "description": project_.description,
        "partners": _roles(project_),
        "grants": [grant(g) for g in project_.grants.all()],
        "cofunding": [cofunding(c) for c in project_.cofunding.all()],
        "updates": [status_update(u) for u in project_.updates.all()],
    }


def organisation(organisation: Organisation) -> dict:
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "kind": organisation.kind,
        "cvr": organisation.cvr,
        "website": organisation.website,
    }


def funding_source(source: FundingSource) -> dict:
    return {
        "slug": source.slug,
        "name": source.name,
        "kind": source.kind,
        "organisation": organisation_ref(source.organisation),
    }


def status_round(round_: StatusRound) -> dict:
    return {
        "id": round_.pk,
        "slug": round_.slug,
        "name": round_.name,
        "title": round_.title,
        "plan": plan_ref(round_.plan),
        "reference_date": round_.reference_date,
    }


def assessment(assessment: FocusAreaAssessment) -> dict:
    return {
        "id": assessment.pk,
        "round": assessment.round.slug,
        "round_id": assessment.round_id,
        "focus_area": focus_area_ref(assessment.focus_area, assessment.round.plan),
        "text": assessment.text,
        "still_relevant": assessment.still_relevant,
    }
