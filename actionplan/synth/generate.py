"""A synthetic national portfolio for load tests: `actionplan synth --projects N [--seed S]`.

What it makes, for one seed always the same content (the primary keys depend on what the
database held before):

- the five regions and the 98 municipalities, and a pool of partner organisations (knowledge
  institutions, companies, associations, foundations, state bodies) that grows with N;
- a strategy and a published action plan for every region and, from 1.000 projects up, for
  up to ten municipalities; each plan with 3-5 themes of 2-5 focus areas, facts, goals,
  indicators with yearly observations, planned activities, suggested partners and funding;
- funding sources: each region's development pool, EU programmes, foundations, the state;
- N projects, each in one plan with exactly one primary focus area (and up to two more in the
  same plan), a lead and 1-5 partner organisations with IATI roles, grants from the region's
  pool and co-funding with log-normal amounts (many small, a few very large; about 2 % of
  grants without a stated amount), dates with end >= start, status updates;
- per plan three status rounds (two published, one open) with an assessment of every focus
  area, and in the open round an update request to every active project (granted, started,
  applied) in every state: draft, submitted, approved, returned.

These rows are written in bulk (actionplan.synth.bulk), not through the services: the services'
full_clean and audit event per row would take hours for a million projects. The synthetic rows
therefore have no audit trail, which is acceptable for load-test data and for nothing else.
The invariants the services keep hold by construction and are checked by the database's own
constraints (unique slugs, amounts >= 0, end >= start, one primary focus area per project).
All slugs start with "s<seed>-", so one database can hold portfolios of several seeds.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from actionplan.core import version
from actionplan.core.errors import ActionplanError
from actionplan.indicators.models import Indicator, Observation
from actionplan.organisations.models import FundingSource, Organisation
from actionplan.organisations.municipalities import municipality_from_name
from actionplan.plans.models import (
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
from actionplan.projects import summaries
from actionplan.projects.models import (
    CoFunding,
    Grant,
    Participation,
    Project,
    ProjectFocusArea,
    ProjectMunicipality,
    ProjectStatus,
)
from actionplan.rounds import totals as round_totals
from actionplan.rounds.models import (
    FocusAreaAssessment,
    StatusRound,
    StatusUpdate,
    UpdateRequest,
)

from . import words
from .bulk import Writer

MODELS = [
    Organisation,
    FundingSource,
    Strategy,
    ActionPlan,
    Theme,
    FocusArea,
    Fact,
    PlannedActivity,
    SuggestedPartner,
    SuggestedFunding,
    Goal,
    Indicator,
    Observation,
    StatusRound,
    FocusAreaAssessment,
    Project,
    ProjectFocusArea,
    ProjectMunicipality,
    Participation,
    Grant,
    CoFunding,
    StatusUpdate,
    UpdateRequest,
]
BATCH = 20_000
TODAY = dt.date(2025, 6, 1)


@dataclass
class Area:
    pk: int
    plan: int


@dataclass
class PlanInfo:
    pk: int
    pool: int
    areas: list[Area]
    rounds: list[tuple[int, dt.date, bool]]  # pk, reference date, published
    weight: int
    regional_pool: bool = False  # whether `pool` is a regional development pool


def _round_amount(value: float) -> Decimal:
    """Kroner as people write grants: whole thousands below a million, else whole 10.000s."""
    step = 1000 if value < 1_000_000 else 10_000
    return Decimal(max(step, round(value / step) * step))


def _partial(rng: random.Random, day: dt.date) -> tuple[dt.date, str]:
    roll = rng.random()
    if roll < 0.1:
        return dt.date(day.year, 1, 1), "year"
    if roll < 0.35:
        return day.replace(day=1), "month"
    return day, "day"


class Generator:
    def __init__(self, *, projects: int, seed: int, progress: Callable[[int], None]) -> None:
        self.n = projects
        self.seed = seed
        self.rng = random.Random(seed)  # noqa: S311 (repeatable test data, not secrets)
        self.progress = progress
        self.prefix = f"s{seed}-"
        self.writer = Writer(MODELS, timezone.now(), BATCH)

    def add(self, model, **values) -> int:
        return self.writer.add(model, **values)

    # -- organisations and money sources -------------------------------------------------

    def cvr(self) -> str:
        """A made-up CVR number, unique within the seed's portfolio and, for seeds below
        1000, across portfolios: public bodies and half the partners have one, so the open
        data show organisations both with and without a registered identifier."""
        self.cvrs += 1
        return f"{(self.seed % 1000) * 100_000 + self.cvrs:08d}"

    def organisations(self) -> None:
        p = self.prefix
        self.cvrs = 0
        self.regions = [
            self.add(
                Organisation,
                name=name,
                slug=f"{p}{slug}",
                kind=Organisation.Kind.REGION,
                cvr=self.cvr(),
            )
            for name, slug in words.REGIONS
        ]
        self.municipalities = [
            self.add(
                Organisation,
                name=f"{name} Kommune",
                slug=f"{p}kommune-{n}",
                kind=Organisation.Kind.MUNICIPALITY,
                cvr=self.cvr(),
                municipality_code=municipality_from_name(name),
            )
            for n, name in enumerate(words.MUNICIPALITIES)
        ]
        self.municipality_codes = {
            pk: municipality_from_name(name)
            for pk, name in zip(self.municipalities, words.MUNICIPALITIES, strict=True)
        }
        kinds = [
            (Organisation.Kind.KNOWLEDGE, words.KNOWLEDGE),
            (Organisation.Kind.COMPANY, words.COMPANY),
            (Organisation.Kind.ASSOCIATION, words.ASSOCIATION),
            (Organisation.Kind.FOUNDATION, words.FOUNDATION),
            (Organisation.Kind.STATE, words.STATE),
        ]
        self.partners = []
        for n in range(max(60, self.n // 25)):
            kind, (first, second) = kinds[n % len(kinds)]
            name = f"{self.rng.choice(first)} {self.rng.choice(second)}"
            cvr = self.cvr() if n % 2 == 0 and self.cvrs < 99_999 else ""
            self.partners.append(
                self.add(Organisation, name=name, slug=f"{p}org-{n}", kind=kind, cvr=cvr)
            )
        self.sources = {}
        for n, (name, kind) in enumerate(words.SOURCES):
            self.sources[name] = self.add(FundingSource, name=name, slug=f"{p}kilde-{n}", kind=kind)
        self.cofunding_sources = list(self.sources.values())

    # -- plans ---------------------------------------------------------------------------

    def plans(self) -> None:
        rng, p = self.rng, self.prefix
        owners = [(org, "region", n) for n, org in enumerate(self.regions)]
        municipal = min(10, self.n // 1000)
        owners += [(self.municipalities[n * 9], "kommune", n) for n in range(municipal)]
        self.plan_infos: list[PlanInfo] = []
        for owner, kind, n in owners:
            label = words.REGIONS[n][0] if kind == "region" else words.MUNICIPALITIES[n * 9]
            strategy = self.add(
                Strategy,
                title=f"{rng.choice(words.STRATEGY_TITLES)} ({label})",
                slug=f"{p}{kind}-{n}-strategi",
                organisation_id=owner,
                description=words.sentence(rng),
            )
            start_year = rng.choice([2020, 2022, 2024])
            plan = self.add(
                ActionPlan,
                strategy_id=strategy,
                organisation_id=owner,
                title=f"Handlingsplan {start_year}-{start_year + 1} ({label})",
                slug=f"{p}{kind}-{n}-{start_year}",
                period_start=dt.date(start_year, 1, 1),
                period_end=dt.date(start_year + 1, 12, 31),
                intro=words.paragraph(rng, 3),
                status=ActionPlan.Status.PUBLISHED,
            )
            pool = self.add(
                FundingSource,
                name=f"Udviklingspuljen ({label})",
                slug=f"{p}{kind}-{n}-pulje",
                kind=FundingSource.Kind.REGIONAL_POOL
                if kind == "region"
                else FundingSource.Kind.MUNICIPAL,
                organisation_id=owner,
            )
            areas = self.themes(plan, start_year)
            rounds = []
            for r, year in enumerate((start_year + 1, start_year + 2, start_year + 3)):
                published = r < 2
                reference = dt.date(year, 9, 1)
                pk = self.add(
                    StatusRound,
                    plan_id=plan,
                    name=f"Status {year}",
                    slug=f"status-{year}",
                    title=f"Statusnotat {year}",
                    reference_date=reference,
                    deadline=reference + dt.timedelta(days=30),
                    state=StatusRound.State.PUBLISHED if published else StatusRound.State.OPEN,
                )
                rounds.append((pk, reference, published))
                for area in areas:
                    self.add(
                        FocusAreaAssessment,
                        round_id=pk,
                        focus_area_id=area.pk,
                        text=words.paragraph(rng, 2),
                        still_relevant=rng.random() < 0.9,
                    )
            weight = 3 if kind == "region" else 1
            self.plan_infos.append(PlanInfo(plan, pool, areas, rounds, weight, kind == "region"))

    def themes(self, plan: int, start_year: int) -> list[Area]:
        rng = self.rng
        areas = []
        for t, theme_title in enumerate(rng.sample(words.THEMES, rng.randint(3, 5))):
            # DAC sectors without drawing from rng (the content stays as it was per seed): the
            # first themes name one, the first focus area of each its own.
            theme = self.add(
                Theme,
                plan_id=plan,
                title=theme_title,
                slug=f"tema-{t + 1}",
                order=t + 1,
                dac_sector=words.DAC_SECTORS[t] if t < 3 else "",
            )
            for a in range(rng.randint(2, 5)):
                title = f"{rng.choice(words.AREA_VERBS)} {rng.choice(words.AREA_OBJECTS)}"
                area = self.add(
                    FocusArea,
                    plan_id=plan,
                    theme_id=theme,
                    title=title,
                    slug=f"indsats-{t + 1}-{a + 1}",
                    order=a + 1,
                    challenge=words.paragraph(rng, 4),
                    approach=words.paragraph(rng, 3),
                    funding_text=words.sentence(rng),
                    dac_sector=words.DAC_SECTORS[-1 - t] if a == 0 else "",
                )
                areas.append(Area(area, plan))
                self.area_content(area, start_year)
        return areas

    def area_content(self, area: int, start_year: int) -> None:
        rng = self.rng
        for f in range(rng.randint(1, 3)):
            self.add(
                Fact,
                focus_area_id=area,
                text=words.sentence(rng),
                value=Decimal(rng.randint(1, 5000)),
                unit=rng.choice(["procent", "personer", "tons CO2", "km"]),
                year=start_year - rng.randint(1, 3),
                source=rng.choice(["Danmarks Statistik", "Regionen", "Miljøstyrelsen"]),
                order=f,
            )
        for a in range(rng.randint(2, 4)):
            self.add(PlannedActivity, focus_area_id=area, text=words.sentence(rng), order=a)
        for s in range(rng.randint(1, 3)):
            org = rng.choice(self.partners)
            self.add(
                SuggestedPartner,
                focus_area_id=area,
                name=f"Partner {s + 1}",
                organisation_id=org,
                order=s,
            )
        name = rng.choice(list(self.sources))
        self.add(
            SuggestedFunding, focus_area_id=area, name=name, source_id=self.sources[name], order=0
        )
        for g in range(rng.randint(1, 2)):
            target = start_year + rng.choice([5, 10])
            goal = self.add(
                Goal,
                focus_area_id=area,
                statement=words.sentence(rng),
                target_years=[target],
                order=g,
            )
            for i in range(rng.randint(1, 2)):
                self.indicator(goal, i, start_year, target)

    def indicator(self, goal: int, order: int, start_year: int, target_year: int) -> None:
        rng = self.rng
        percentage = rng.random() < 0.5
        baseline_year = start_year - 2
        if percentage:
            baseline = rng.uniform(5, 60)
            target = min(100.0, baseline + rng.uniform(5, 35))
            unit, measure = "%", Indicator.Measure.PERCENTAGE
        else:
            baseline = rng.uniform(100, 10_000)
            target = baseline * rng.uniform(1.1, 2.0)
            unit, measure = rng.choice(["personer", "virksomheder", "ton"]), Indicator.Measure.UNIT
        indicator = self.add(
            Indicator,
            goal_id=goal,
            name=f"{rng.choice(words.INDICATORS)} ({unit})",
            measure=measure,
            unit=unit,
            baseline_value=Decimal(f"{baseline:.1f}"),
            baseline_year=baseline_year,
            target_value=Decimal(f"{target:.1f}"),
            target_year=target_year,
            source="Danmarks Statistik",
            order=order,
        )
        value = baseline
        for year in range(baseline_year, min(target_year, TODAY.year) + 1):
            value += (target - baseline) * rng.uniform(-0.05, 0.25)
            if percentage:
                value = min(100.0, max(0.0, value))
            self.add(
                Observation,
                indicator_id=indicator,
                date=dt.date(year, 12, 31),
                value=Decimal(f"{max(value, 0):.1f}"),
                source="Danmarks Statistik",
            )

    # -- projects ------------------------------------------------------------------------

    def projects(self) -> None:
        rng = self.rng
        plans = self.plan_infos
        weights = [p.weight for p in plans]
        partners = self.partners
        municipalities = self.municipalities
        pool_sources = self.cofunding_sources
        statuses = ProjectStatus
        step = max(1, self.n // 200)
        for n in range(self.n):
            plan = rng.choices(plans, weights)[0]
            areas = rng.sample(plan.areas, min(len(plan.areas), rng.choice((1, 1, 1, 2, 3))))
            start = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(0, 8 * 365))
            end = start + dt.timedelta(days=rng.randrange(180, 5 * 365))
            start, start_precision = _partial(rng, start)
            end, end_precision = _partial(rng, end)
            if end < start:
                end, end_precision = start, start_precision
            roll = rng.random()
            if roll < 0.03:
                status = statuses.IDEA
            elif roll < 0.08:
                status = statuses.APPLIED
            elif roll < 0.10:
                status = statuses.CANCELLED
            elif roll < 0.11:
                status = statuses.SUSPENDED
            elif end < TODAY:
                status = statuses.COMPLETED
            elif start < TODAY:
                status = statuses.STARTED
            else:
                status = statuses.GRANTED
            # Partners: 1-5 distinct organisations; popular ones (a few universities) often.
            count = rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5))
            chosen: list[int] = []
            while len(chosen) < count:
                org = (
                    rng.choice(municipalities)
                    if rng.random() < 0.3
                    else partners[min(len(partners) - 1, int(rng.paretovariate(1.2)) - 1)]
                    if rng.random() < 0.4
                    else rng.choice(partners)
                )
                if org not in chosen:
                    chosen.append(org)
            lead = chosen[0]
            word = rng.choice(words.PROJECT_WORDS)
            place = words.MUNICIPALITIES[rng.randrange(len(words.MUNICIPALITIES))]
            grants = []
            if status not in (statuses.IDEA, statuses.APPLIED):
                for _ in range(rng.choice((1, 1, 1, 2))):
                    amount = (
                        None
                        if rng.random() < 0.02
                        else _round_amount(rng.lognormvariate(13.6, 1.3))
                    )
                    grants.append(amount)
            cofunding = []
            for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
                state = rng.choice(
                    (CoFunding.Status.GRANTED,) * 3
                    + (
                        CoFunding.Status.APPLIED,
                        CoFunding.Status.REJECTED,
                        CoFunding.Status.PLANNED,
                    )
                )
                amount = None if rng.random() < 0.05 else _round_amount(rng.lognormvariate(14, 1.5))
                cofunding.append((state, amount))
            granted = sum((a for a in grants if a is not None), Decimal(0))
            granted_unknown = sum(1 for a in grants if a is None)
            cofunded = [a for s, a in cofunding if s == CoFunding.Status.GRANTED]
            cofunded_dkk = sum((a for a in cofunded if a is not None), Decimal(0))
            total = granted + cofunded_dkk
            # The totals the grant and co-funding services keep (projects.services.totals_of);
            # every grant here comes from the plan's pool.
            pooled = plan.regional_pool and bool(grants)
            project = self.add(
                Project,
                title=f"{word} i {place} {n + 1}",
                slug=f"{self.prefix}projekt-{n + 1}",
                description=words.project_description(rng, word, place),
                lead_id=lead,
                status=status,
                start=start,
                start_precision=start_precision,
                end=end,
                end_precision=end_precision,
                budget_dkk=_round_amount(float(total) * rng.uniform(1.0, 1.6)) if total else None,
                sdgs=sorted(rng.sample(range(1, 18), rng.randint(0, 3))),
                is_published=rng.random() < 0.97,
                granted_dkk=granted,
                granted_count=len(grants),
                granted_unknown=granted_unknown,
                pool_dkk=granted if pooled else Decimal(0),
                pool_count=len(grants) if pooled else 0,
                pool_unknown=granted_unknown if pooled else 0,
                cofunding_dkk=cofunded_dkk,
                cofunding_count=len(cofunded),
                cofunding_unknown=sum(1 for a in cofunded if a is None),
                # PostgreSQL only (synth.bulk.POSTGRES_COLUMNS): what the triggers would store.
                organisation_ids=sorted(chosen),
                focus_area_ids=sorted({area.pk for area in areas}),
            )
            for i, area in enumerate(areas):
                self.add(
                    ProjectFocusArea, project_id=project, focus_area_id=area.pk, is_primary=i == 0
                )
            # Where: the partner municipalities and the place in the title (no random draw, so
            # the rest of the portfolio stays as it was for a seed).
            codes = {self.municipality_codes.get(org) for org in chosen}
            codes.add(municipality_from_name(place))
            for code in sorted(codes - {None}):
                self.add(ProjectMunicipality, project_id=project, code=code)
            for i, org in enumerate(chosen):
                if i == 0:
                    roles = [Participation.Role.ACCOUNTABLE]
                    if rng.random() < 0.5:
                        roles.append(Participation.Role.IMPLEMENTING)
                elif org in municipalities and rng.random() < 0.5:
                    roles = [Participation.Role.FUNDING]
                else:
                    roles = [rng.choice((Participation.Role.IMPLEMENTING,) * 3 + ("extending",))]
                for role in roles:
                    self.add(Participation, project_id=project, organisation_id=org, role=role)
            for amount in grants:
                decided, precision = _partial(
                    rng, start - dt.timedelta(days=rng.randrange(30, 200))
                )
                self.add(
                    Grant,
                    project_id=project,
                    source_id=plan.pool,
                    amount=amount,
                    decided_on=decided,
                    decided_precision=precision,
                    decided_by=rng.choice(
                        ("Regionsrådet", "Forretningsudvalget", "Kommunalbestyrelsen")
                    ),
                )
            for state, amount in cofunding:
                self.add(
                    CoFunding,
                    project_id=project,
                    source_id=rng.choice(pool_sources),
                    amount=amount,
                    status=state,
                    year=start.year if rng.random() < 0.9 else None,
                )
            if status in (statuses.STARTED, statuses.COMPLETED, statuses.SUSPENDED):
                for round_pk, reference, _published in plan.rounds:
                    if start <= reference and rng.random() < 0.8:
                        progress = min(
                            100,
                            max(0, (reference - start).days * 100 // max(1, (end - start).days)),
                        )
                        self.add(
                            StatusUpdate,
                            project_id=project,
                            round_id=round_pk,
                            date=reference - dt.timedelta(days=rng.randrange(1, 40)),
                            status=statuses.COMPLETED if reference >= end else statuses.STARTED,
                            progress=progress,
                            narrative=words.update_text(rng, progress),
                        )
            if status in (statuses.GRANTED, statuses.STARTED, statuses.APPLIED):
                self.update_request(plan, project, status)
            if n % step == 0:
                self.progress(n)
        self.progress(self.n)

    def update_request(self, plan: PlanInfo, project: int, status: str) -> None:
        """The open round's request to an active project, in a state drawn as a round looks
        halfway: many drafts, some submitted, approved and returned."""
        rng = self.rng
        round_pk, reference, _published = plan.rounds[-1]
        state = rng.choices(
            (
                UpdateRequest.State.DRAFT,
                UpdateRequest.State.SUBMITTED,
                UpdateRequest.State.APPROVED,
                UpdateRequest.State.RETURNED,
            ),
            (45, 20, 28, 7),
        )[0]
        values: dict = {}
        if state != UpdateRequest.State.DRAFT:
            submitted = timezone.make_aware(
                dt.datetime.combine(reference, dt.time(10)) + dt.timedelta(days=rng.randrange(20))
            )
            progress = rng.randrange(0, 101)
            values = dict(
                status=status,
                progress=progress,
                narrative=words.update_text(rng, progress),
                submitted_at=submitted,
            )
            if state != UpdateRequest.State.SUBMITTED:
                values["reviewed_at"] = submitted + dt.timedelta(days=rng.randrange(1, 10))
            if state == UpdateRequest.State.RETURNED:
                values["review_comment"] = words.sentence(rng)
        self.add(UpdateRequest, round_id=round_pk, project_id=project, state=state, **values)

    def run(self) -> dict[str, int]:
        if Organisation.objects.filter(slug__startswith=self.prefix).exists():
            raise ActionplanError(
                f"This database already holds a synthetic portfolio with seed {self.seed} "
                f"(slugs '{self.prefix}...'); choose another --seed or an empty database."
            )
        self.organisations()
        self.plans()
        self.projects()
        written = self.writer.finish()
        # The bulk rows bypass the project services, which keep the plan and focus-area sums,
        # and the round services, which keep the rounds' counts of requests.
        summaries.rebuild([plan.pk for plan in self.plan_infos])
        round_totals.rebuild([pk for plan in self.plan_infos for pk, _ref, _pub in plan.rounds])
        return written


def generate(
    *, projects: int, seed: int = 1, progress: Callable[[int], None] | None = None
) -> dict[str, int]:
    """Write the portfolio in one transaction; returns rows written per table."""
    if projects < 1:
        raise ActionplanError("--projects must be at least 1.")
    with transaction.atomic():
        # It writes no audit events: the cached pages are made stale by a new generation.
        version.changed()
        return Generator(projects=projects, seed=seed, progress=progress or (lambda n: None)).run()
