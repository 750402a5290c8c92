"""Loads the curated seed plan (data/*.yaml, see data/SCHEMA.md) through the services."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from actionplan.core.dates import PartialDate
from actionplan.core.errors import ActionplanError, describe
from actionplan.core.services import Actor
from actionplan.indicators.services import indicator_create, observation_create
from actionplan.organisations import services as organisations
from actionplan.organisations.models import FundingSource, Organisation
from actionplan.plans import services as plans
from actionplan.plans.models import ActionPlan, FocusArea, Theme
from actionplan.projects import services as projects
from actionplan.projects.models import Project
from actionplan.rounds import services as rounds
from actionplan.rounds.models import StatusRound

DATA_DIR = Path(__file__).parent / "data"
DEMO_PLAN_SLUG = "rus-2020-2021"
MEMO = "memo-2021.yaml"


def read(name: str) -> Any:
    path = DATA_DIR / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ActionplanError(f"{path}: {exc}") from exc


def _money(value: int | str | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _day(value: str | dt.date) -> dt.date:
    return PartialDate.parse(value).date


@contextmanager
def where(file: str, item: str) -> Iterator[None]:
    """Say which file and item bad demo data is in."""
    try:
        yield
    except ValidationError as error:
        raise ActionplanError(f"{file}: {item}: {describe(error)}") from error
    except (KeyError, TypeError) as error:
        raise ActionplanError(f"{file}: {item}: missing or malformed {error}") from error


class Loader:
    def __init__(self, actor: Actor):
        self.actor = actor
        self.organisations: dict[str, Organisation] = {}
        self.sources: dict[str, FundingSource] = {}
        self.focus_areas: dict[str, FocusArea] = {}
        self.themes: dict[str, Theme] = {}

    def organisation(self, slug: str) -> Organisation:
        try:
            return self.organisations[slug]
        except KeyError:
            raise ActionplanError(f"Unknown organisation '{slug}' in the demo data.") from None

    def source(self, slug: str) -> FundingSource:
        try:
            return self.sources[slug]
        except KeyError:
            raise ActionplanError(f"Unknown funding source '{slug}' in the demo data.") from None

    def focus_area(self, slug: str) -> FocusArea:
        try:
            return self.focus_areas[slug]
        except KeyError:
            raise ActionplanError(f"Unknown focus area '{slug}' in the demo data.") from None

    # -- catalogue -------------------------------------------------------------------------

    def catalogue(self, data: dict) -> None:
        with where("catalogue.yaml", "organisations and funding sources"):
            self._catalogue(data)

    def _catalogue(self, data: dict) -> None:
        for row in data["organisations"]:
            values = {"name": row["name"], "kind": row["kind"], "cvr": str(row.get("cvr") or "")}
            if row.get("municipality"):
                values["municipality_code"] = int(row["municipality"])
            existing = Organisation.objects.filter(slug=row["slug"]).first()
            self.organisations[row["slug"]] = (
                organisations.organisation_update(actor=self.actor, organisation=existing, **values)
                if existing
                else organisations.organisation_create(actor=self.actor, slug=row["slug"], **values)
            )
        for row in data["funding_sources"]:
            owner = self.organisation(row["organisation"]) if row.get("organisation") else None
            values = {"name": row["name"], "kind": row["kind"], "organisation": owner}
            existing_source = FundingSource.objects.filter(slug=row["slug"]).first()
            source = (
                organisations.funding_source_update(
                    actor=self.actor, source=existing_source, **values
                )
                if existing_source
                else organisations.funding_source_create(
                    actor=self.actor, slug=row["slug"], **values
                )
            )
            self.sources[row["slug"]] = source

    # -- the plan --------------------------------------------------------------------------

    def plan(self, data: dict) -> ActionPlan:
        strategy_data = data["strategy"]
        owner = self.organisation(strategy_data["organisation"])
        strategy = plans.Strategy.objects.filter(slug=strategy_data["slug"]).first()
        if strategy is None:
            strategy = plans.strategy_create(
                actor=self.actor,
                title=strategy_data["title"],
                slug=strategy_data["slug"],
                organisation=owner,
            )
        plan_data = data["plan"]
        plan = plans.plan_create(
            actor=self.actor,
            strategy=strategy,
            organisation=owner,
            title=plan_data["title"],
            slug=plan_data["slug"],
            period_start=_day(str(plan_data["period_start"])),
            period_end=_day(str(plan_data["period_end"])),
            intro=plan_data.get("intro", ""),
            status=ActionPlan.Status.PUBLISHED,
        )
        for order, name in enumerate(data["themes"], start=1):
            self.theme(plan, name, order)
        return plan

    def theme(self, plan: ActionPlan, file: str, order: int) -> None:
        data = read(file)
        theme = plans.theme_create(
            actor=self.actor,
            plan=plan,
            title=data["title"],
            slug=data["slug"],
            order=order,
            aliases=data.get("aliases") or [],
            dac_sector=str(data.get("dac_sector") or ""),
        )
        self.themes[theme.slug] = theme
        for area_order, area in enumerate(data["focus_areas"], start=1):
            with where(file, f"focus area {area.get('slug')}"):
                self.focus_area_from(theme, area, area_order * 10)

    def focus_area_from(
        self, theme: Theme, data: dict, order: int, in_original_plan: bool = True
    ) -> FocusArea:
        area = plans.focus_area_create(
            actor=self.actor,
            theme=theme,
            title=data["title"],
            slug=data["slug"],
            order=order,
            challenge=(data.get("challenge") or "").strip(),
            approach=(data.get("approach") or "").strip(),
            funding_text=(data.get("funding_text") or "").strip(),
            figure_caption=(data.get("figure_caption") or "").strip(),
            aliases=data.get("aliases") or [],
            in_original_plan=in_original_plan,
            dac_sector=str(data.get("dac_sector") or ""),
        )
        self.focus_areas[area.slug] = area
        for index, fact in enumerate(data.get("facts") or [], start=1):
            plans.fact_create(
                actor=self.actor,
                focus_area=area,
                text=fact["text"].strip(),
                order=index,
                value=_money(fact.get("value")),
                unit=fact.get("unit") or "",
                year=fact.get("year"),
                source=fact.get("source") or "",
            )
        for index, goal in enumerate(data.get("goals") or [], start=1):
            self.goal(area, goal, index)
        for index, activity in enumerate(data.get("activities") or [], start=1):
            heading = "heading" in activity
            parent = plans.activity_create(
                actor=self.actor,
                focus_area=area,
                order=index,
                is_heading=heading,
                text=(activity["heading"] if heading else activity["text"]).strip(),
            )
            for item_order, item in enumerate(activity.get("items") or [], start=1):
                plans.activity_create(
                    actor=self.actor,
                    focus_area=area,
                    parent=parent,
                    order=item_order,
                    text=item.strip(),
                )
        for index, name in enumerate(data.get("partners") or [], start=1):
            plans.suggested_partner_create(
                actor=self.actor, focus_area=area, name=name.strip(), order=index
            )
        for index, funding in enumerate(data.get("funding_sources") or [], start=1):
            plans.suggested_funding_create(
                actor=self.actor,
                focus_area=area,
                name=funding["text"].strip(),
                order=index,
                source=self.source(funding["source"]) if funding.get("source") else None,
            )
        return area

    def goal(self, area: FocusArea, data: dict, order: int) -> None:
        goal = plans.goal_create(
            actor=self.actor,
            focus_area=area,
            statement=data["statement"].strip(),
            target_years=data.get("target_years") or [],
            order=order,
            no_number_note=data.get("no_number_note") or "",
        )
        for index, row in enumerate(data.get("indicators") or [], start=1):
            baseline = row.get("baseline") or {}
            target = row.get("target") or {}
            projection = row.get("forecast") or {}
            indicator = indicator_create(
                actor=self.actor,
                goal=goal,
                name=row["name"],
                measure=row["measure"],
                unit=row.get("unit") or "",
                ascending=row.get("ascending", True),
                baseline_value=_money(baseline.get("value")),
                baseline_year=baseline.get("year"),
                baseline_source=baseline.get("source") or "",
                target_value=_money(target.get("value")),
                target_year=target.get("year"),
                projection_value=_money(projection.get("value")),
                projection_year=projection.get("year"),
                source=row.get("source") or "",
                order=index,
            )
            for observation in row.get("observations") or []:
                observation_create(
                    actor=self.actor,
                    indicator=indicator,
                    date=_day(str(observation["date"])),
                    value=observation.get("value"),
                    text=observation.get("text") or "",
                    source=observation.get("source") or "",
                    note=observation.get("note") or "",
                )

    # -- the status memo -------------------------------------------------------------------

    def memo(self, plan: ActionPlan, data: dict) -> StatusRound:
        for row in data.get("added_focus_areas") or []:
            theme = self.themes[row["theme"]]
            after = self.focus_area(row["after"]) if row.get("after") else None
            order = after.order + 5 if after else 1000
            with where(MEMO, f"added focus area {row.get('slug')}"):
                self.focus_area_from(theme, row, order, in_original_plan=False)
        round_data = data["round"]
        status_round = rounds.round_create(
            actor=self.actor,
            plan=plan,
            name=round_data["name"],
            slug=round_data["slug"],
            title=round_data.get("title") or "",
            reference_date=_day(str(round_data["reference_date"])),
        )
        for row in data["assessments"]:
            with where(MEMO, f"assessment of {row.get('focus_area')}"):
                rounds.assessment_create(
                    actor=self.actor,
                    round=status_round,
                    focus_area=self.focus_area(row["focus_area"]),
                    text=row["text"].strip(),
                    still_relevant=row.get("still_relevant"),
                )
        for row in data["projects"]:
            with where(MEMO, f"project {row.get('slug')}"):
                self.project(row, status_round)
        # The memo was decided and published: close the round (its memo is frozen as loaded)
        # and publish it, as staff would.
        rounds.round_close(actor=self.actor, round=status_round)
        return rounds.round_publish(actor=self.actor, round=status_round)

    def project(self, data: dict, status_round: StatusRound) -> Project:
        project = projects.project_create(
            actor=self.actor,
            title=data["title"].strip(),
            slug=data["slug"],
            kind=data.get("kind", Project.Kind.PROJECT),
            description=(data.get("description") or "").strip(),
            focus_areas=[self.focus_area(slug) for slug in data["focus_areas"]],
            lead=self.organisation(data["lead"]) if data.get("lead") else None,
            status=data["status"],
            start=_text(data.get("start")),
            end=_text(data.get("end")),
            sdgs=data.get("sdgs") or [],
            is_published=True,
        )
        for partner in data.get("partners") or []:
            for role in partner["roles"]:
                projects.participation_add(
                    actor=self.actor,
                    project=project,
                    organisation=self.organisation(partner["organisation"]),
                    role=role,
                )
        for grant in data.get("grants") or []:
            projects.grant_create(
                actor=self.actor,
                project=project,
                source=self.source(grant["source"]),
                amount=_money(grant.get("amount")),
                decided=_text(grant.get("decided")),
                decided_by=grant.get("decided_by") or "",
                note=grant.get("note") or "",
            )
        for co in data.get("cofunding") or []:
            projects.cofunding_create(
                actor=self.actor,
                project=project,
                source=self.source(co["source"]),
                status=co["status"],
                amount=_money(co.get("amount")),
                year=co.get("year"),
                note=co.get("note") or "",
            )
        update = data.get("update")
        if update:
            rounds.status_update_import(
                actor=self.actor,
                project=project,
                round=status_round,
                date=status_round.reference_date,
                status=update["status"],
                progress=update.get("progress"),
                narrative=(update.get("text") or "").strip(),
                status_label=data.get("status_word") or "",
            )
        return project


def _text(value: object) -> str | None:
    return None if value in (None, "") else str(value)


def demo_project_slugs() -> list[str]:
    return [row["slug"] for row in read(MEMO)["projects"]]


def remove_demo(*, actor: Actor) -> None:
    for project in Project.objects.filter(slug__in=demo_project_slugs()):
        projects.project_delete(actor=actor, project=project)
    plan = ActionPlan.objects.filter(slug=DEMO_PLAN_SLUG).first()
    if plan is not None:
        plans.plan_delete(actor=actor, plan=plan)


@transaction.atomic
def load_demo(*, actor: Actor) -> ActionPlan:
    """Load the seed plan and its 2021 status round, replacing an earlier demo load."""
    remove_demo(actor=actor)
    loader = Loader(actor)
    loader.catalogue(read("catalogue.yaml"))
    with where("plan.yaml", "strategy and plan"):
        plan = loader.plan(read("plan.yaml"))
    loader.memo(plan, read(MEMO))
    return plan
