"""The status memo of a round, from the data alone: selectors -> plain frozen dataclasses
(data.py). A closed round's memo comes from its snapshot, so it never changes."""

import datetime as dt
import json
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from actionplan.core import charts as core_charts
from actionplan.core.dates import PartialDate, Precision
from actionplan.core.l10n import format_bound, format_dkk_short, format_number
from actionplan.core.services import SYSTEM
from actionplan.indicators import progress
from actionplan.indicators.charts import indicator_points, indicator_spec
from actionplan.indicators.selectors import themes_with_content
from actionplan.indicators.values import yes_no_text
from actionplan.organisations.models import FundingSource
from actionplan.projects.models import CoFunding, Grant, Project, ProjectFocusArea, ProjectStatus
from actionplan.rounds.models import Milestone, RoundSnapshot, StatusRound, StatusUpdate

from .data import (
    AmountRow,
    Changes,
    CountRow,
    FocusAreaSection,
    GrantLine,
    IndicatorLine,
    Memo,
    MilestoneLine,
    ProjectLine,
    ProjectState,
    ThemeSection,
    Totals,
)

MAX_MILESTONES = 3


def build_memo(status_round: StatusRound, *, language: str | None = None) -> Memo:
    """The memo of a round: frozen once the round is closed, live while it is open.

    A closed round without a stored memo (closed before rounds kept one, or loaded closed)
    is frozen here, at its first rendering, and never changes after that."""
    snapshot = RoundSnapshot.objects.filter(round=status_round).first()
    if snapshot is None and status_round.state != StatusRound.State.OPEN:
        from actionplan.rounds.services import round_freeze

        snapshot = round_freeze(actor=SYSTEM, round=status_round)
    if snapshot is not None:
        return Memo.from_json(snapshot.data)
    return build_memo_live(status_round, language=language)


def build_memo_live(
    status_round: StatusRound, *, language: str | None = None, with_changes: bool = True
) -> Memo:
    """The memo from the current data (round_close stores this as the snapshot)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return _Builder(status_round).build(with_changes=with_changes)


def previous_round(status_round: StatusRound) -> StatusRound | None:
    return (
        StatusRound.objects.filter(
            plan_id=status_round.plan_id,
            reference_date__lt=status_round.reference_date,
            state__in=[StatusRound.State.CLOSED, StatusRound.State.PUBLISHED],
        )
        .order_by("-reference_date", "-pk")
        .first()
    )


# -- words ----------------------------------------------------------------------------------


def number(value: Decimal | float | int) -> str:
    """14 -> '14', 2.5 -> '2,5', 20000 -> '20.000' in Danish (four digits stay ungrouped)."""
    return format_number(value, places=None, grouping=abs(value) >= 10000)


def quantity(value: Decimal | float | None, unit: str) -> str:
    if value is None:
        return ""
    return f"{number(value)} {unit}".strip()


def grant_sentence(grant: Grant, project_title: str) -> str:
    when = grant.decided
    params = {
        "amount": format_bound(format_dkk_short(grant.amount), grant.upper_bound),
        "when": when.danish() if when else "",
        "source": grant.source.name,
        "project": project_title,
    }
    if grant.amount is not None:
        if when is None:
            text = _("%(amount)s has been granted from %(source)s to %(project)s.")
        elif when.precision == Precision.DAY:
            text = _("On %(when)s, %(amount)s was granted from %(source)s to %(project)s.")
        else:
            text = _("In %(when)s, %(amount)s was granted from %(source)s to %(project)s.")
    elif when is None:
        text = _("Money has been granted from %(source)s to %(project)s.")
    elif when.precision == Precision.DAY:
        text = _("On %(when)s, money was granted from %(source)s to %(project)s.")
    else:
        text = _("In %(when)s, money was granted from %(source)s to %(project)s.")
    return text % params


def project_list_links(focus_area_ids: list[int]) -> dict[int, tuple[str, str]]:
    """Per focus area the portal's project list of it (most money first) and the same list
    as a spreadsheet, as absolute links (setting ACTIONPLAN_BASE_URL): where a summarised memo
    sends its readers for every project. (The first reverse() in a process imports the URL
    configuration: ~1 CPU s once, in a worker that has not sent a mail with a link yet.)"""
    base = settings.ACTIONPLAN_BASE_URL.rstrip("/")
    page = base + reverse("portal:projects")
    sheet = base + reverse("portal:projects_download", args=["xlsx"])
    links = {}
    for pk in focus_area_ids:
        query = urlencode({"focus_area": pk, "sort": "-granted"})
        links[pk] = (f"{page}?{query}", f"{sheet}?{query}")
    return links


def status_words(status: str) -> str:
    return str(ProjectStatus(status).label) if status else ""


class _Builder:
    def __init__(self, status_round: StatusRound):
        self.round = status_round
        self.plan = status_round.plan
        self.reference = status_round.reference_date

    # -- reads --------------------------------------------------------------------------

    def projects(self) -> list[Project]:
        in_plan = ProjectFocusArea.objects.filter(
            project=OuterRef("pk"), focus_area__plan=self.plan
        )
        return list(
            Project.objects.filter(Exists(in_plan))
            .prefetch_related(
                # Lists (to_attr), not managers: Django clones a queryset per project to
                # hang a prefetched manager on it, a third of the build at 1.000 projects.
                Prefetch(
                    "focus_area_links",
                    queryset=ProjectFocusArea.objects.filter(
                        focus_area__plan=self.plan
                    ).select_related("focus_area__theme"),
                    to_attr="plan_links",
                ),
                Prefetch(
                    "grants",
                    queryset=Grant.objects.select_related("source").order_by("decided_on", "id"),
                    to_attr="all_grants",
                ),
                Prefetch(
                    "cofunding",
                    queryset=CoFunding.objects.select_related("source"),
                    to_attr="all_cofunding",
                ),
                Prefetch(
                    "updates",
                    queryset=StatusUpdate.objects.filter(round=self.round)
                    .select_related("request")
                    .order_by("date", "id"),
                    to_attr="round_updates",
                ),
                Prefetch(
                    "milestones",
                    queryset=Milestone.objects.filter(
                        done=False, date__gte=self.reference
                    ).order_by("date", "id"),
                    to_attr="next_milestones",
                ),
            )
            .order_by("id")
        )

    def grants_of(self, project: Project) -> list[Grant]:
        """Grants decided by the round's reference date (or with no date)."""
        return [
            g for g in project.all_grants if g.decided_on is None or g.decided_on <= self.reference
        ]

    # -- the memo ----------------------------------------------------------------------

    def build(self, *, with_changes: bool) -> Memo:
        projects = self.projects()
        lines = {project.pk: self.project_line(project) for project in projects}
        by_area: dict[int, list[ProjectLine]] = defaultdict(list)
        for project in projects:
            for link in project.plan_links:
                by_area[link.focus_area_id].append(lines[project.pk])
        assessments = {a.focus_area_id: a for a in self.round.assessments.all()}
        themes = []
        plan_themes = themes_with_content([self.plan])
        self.links = project_list_links(
            [area.pk for theme in plan_themes for area in theme.focus_areas.all()]
        )
        for theme in plan_themes:
            sections = tuple(
                self.focus_area_section(area, by_area.get(area.pk, []), assessments.get(area.pk))
                for area in theme.focus_areas.all()
            )
            themes.append(ThemeSection(id=theme.pk, title=theme.title, focus_areas=sections))
        states = tuple(
            ProjectState(
                id=p.pk,
                title=p.title,
                status=lines[p.pk].status,
                grant_ids=tuple(g.id for g in lines[p.pk].grants),
            )
            for p in projects
        )
        memo_date = PartialDate(self.reference)
        return Memo(
            plan_slug=self.plan.slug,
            plan_title=self.plan.title,
            round_slug=self.round.slug,
            round_name=self.round.name,
            title=self.round.title or self.plan.title,
            date=self.reference.isoformat(),
            date_text=memo_date.danish(),
            language=translation.get_language() or "",
            themes=tuple(themes),
            totals=self.totals(projects, lines),
            changes=self.changes(lines, states) if with_changes else None,
            states=states,
        )

    def project_line(self, project: Project) -> ProjectLine:
        update = project.round_updates[-1] if project.round_updates else None
        status = update.status if update else project.status
        label = status_words(status)
        facts = [_("Status: %(status)s.") % {"status": label}]
        if update and update.status_label and update.status_label.lower() != label.lower():
            facts[0] = _("Status: %(status)s (%(words)s).") % {
                "status": label,
                "words": update.status_label,
            }
        if project.start_partial:
            facts.append(_("Start: %(when)s.") % {"when": project.start_partial.danish()})
        if project.end_partial:
            facts.append(_("End: %(when)s.") % {"when": project.end_partial.danish()})
        if update and update.progress is not None:
            facts.append(_("Progress: %(percent)s %%.") % {"percent": update.progress})
        request = getattr(update, "request", None) if update else None
        if request is not None and request.spent_dkk is not None:
            facts.append(
                _("Spent so far: %(amount)s.") % {"amount": format_dkk_short(request.spent_dkk)}
            )
        grants = tuple(
            GrantLine(
                id=g.pk,
                source=g.source.name,
                regional_pool=g.source.kind == FundingSource.Kind.REGIONAL_POOL,
                amount=None if g.amount is None else str(g.amount.quantize(Decimal(1))),
                decided=g.decided.iso() if g.decided else None,
                year=g.decided_on.year if g.decided_on else None,
                text=grant_sentence(g, project.title),
            )
            for g in self.grants_of(project)
        )
        milestones = tuple(
            MilestoneLine(when=m.when.danish(), title=m.title)
            for m in project.next_milestones[:MAX_MILESTONES]
        )
        return ProjectLine(
            id=project.pk,
            title=project.title,
            kind=project.kind,
            status=status,
            status_label=label,
            facts=" ".join(facts),
            narrative=(update.narrative if update else "").strip(),
            grants=grants,
            milestones=milestones,
        )

    def focus_area_section(self, area, lines: list[ProjectLine], assessment) -> FocusAreaSection:
        still_relevant = assessment.still_relevant if assessment else None
        if still_relevant is True:
            relevance = _("It is still relevant to work on this focus area.")
        elif still_relevant is False:
            relevance = _("Work on this focus area is no longer considered relevant.")
        else:
            relevance = ""
        list_url, download_url = self.links[area.pk]
        return FocusAreaSection(
            id=area.pk,
            slug=area.slug,
            title=area.title,
            goals=tuple(goal.statement for goal in area.goals.all()),
            assessment=assessment.text if assessment else "",
            still_relevant=still_relevant,
            relevance=relevance,
            granted=tuple(line for line in lines if line.grants),
            others=tuple(line for line in lines if not line.grants),
            indicators=tuple(
                self.indicator_line(indicator)
                for goal in area.goals.all()
                for indicator in goal.indicators.all()
            ),
            list_url=list_url,
            download_url=download_url,
        )

    def indicator_line(self, indicator) -> IndicatorLine:
        observations = [o for o in indicator.observations.all() if o.date <= self.reference]
        numeric = sorted(
            (o for o in observations if o.value is not None), key=lambda o: (o.date, o.pk)
        )
        unit = "%" if indicator.measure == "percentage" and not indicator.unit else indicator.unit
        series = progress.Series(
            measure=indicator.measure,
            ascending=indicator.ascending,
            unit=indicator.unit,
            baseline_value=_float(indicator.baseline_value),
            baseline_year=indicator.baseline_year,
            target_value=_float(indicator.target_value),
            target_year=indicator.target_year,
            observations=tuple(progress.Point(o.date, float(o.value)) for o in numeric),
            texts=sum(1 for o in observations if o.value is None and o.text),
        )
        assessment = progress.assess(series)
        baseline = target = None
        if indicator.baseline_value is not None and indicator.baseline_year:
            baseline = (indicator.baseline_year, float(indicator.baseline_value))
        if indicator.target_value is not None and indicator.target_year:
            target = (indicator.target_year, float(indicator.target_value))
        points = [(o.date, float(o.value)) for o in numeric]
        spec = ""
        if indicator.measure == "milestone":
            return self.yes_no_line(indicator, numeric, assessment)
        drawn = indicator_spec(
            indicator, indicator_points(indicator, numeric), size=core_charts.FILE
        )
        if drawn and (points or (baseline and target)):
            spec = json.dumps(drawn, ensure_ascii=False, sort_keys=True)
        latest = numeric[-1] if numeric else None
        return IndicatorLine(
            name=indicator.name,
            unit=unit,
            baseline=_with_year(quantity(indicator.baseline_value, unit), indicator.baseline_year),
            target=_with_year(quantity(indicator.target_value, unit), indicator.target_year),
            latest=(
                _with_when(quantity(latest.value, unit), PartialDate(latest.date, Precision.MONTH))
                if latest
                else ""
            ),
            status=str(assessment.status),
            status_label=str(progress.Status(assessment.status).label),
            reason=str(assessment.reason),
            chart_spec=spec,
            chart_title=_("%(indicator)s: measurements, baseline and target")
            % {"indicator": indicator.name},
        )

    def yes_no_line(self, indicator, numeric, assessment) -> IndicatorLine:
        """A yes/no indicator: its answers as words, the latest first, and no chart."""

        def answer(value, when) -> str:
            return f"{yes_no_text(value)} ({when})" if value is not None else ""

        history = tuple(
            answer(o.value, PartialDate(o.date, Precision.MONTH).danish())
            for o in reversed(numeric)
        )
        return IndicatorLine(
            name=indicator.name,
            unit="",
            baseline=answer(indicator.baseline_value, indicator.baseline_year)
            if indicator.baseline_year
            else yes_no_text(indicator.baseline_value),
            target=answer(indicator.target_value, indicator.target_year)
            if indicator.target_year
            else yes_no_text(indicator.target_value),
            latest=history[0] if history else "",
            status=str(assessment.status),
            status_label=str(progress.Status(assessment.status).label),
            reason=str(assessment.reason),
            chart_spec="",
            chart_title=_("%(indicator)s: answers") % {"indicator": indicator.name},
            history=history,
        )

    # -- totals and changes ----------------------------------------------------------------

    def totals(self, projects: list[Project], lines: dict[int, ProjectLine]) -> Totals:
        theme_of: dict[int, tuple] = {}
        for project in projects:
            links = sorted(project.plan_links, key=lambda link: not link.is_primary)
            theme = links[0].focus_area.theme
            theme_of[project.pk] = (theme.order, theme.pk, theme.title)
        pool: dict[tuple, list] = defaultdict(lambda: [Decimal(0), 0, 0])
        pool_names: list[str] = []
        for project in projects:
            for grant in self.grants_of(project):
                if grant.source.kind != FundingSource.Kind.REGIONAL_POOL:
                    continue
                if grant.source.name not in pool_names:
                    pool_names.append(grant.source.name)
                year = grant.decided_on.year if grant.decided_on else None
                key = (*theme_of[project.pk], 9999 if year is None else year)
                _add(pool[key], grant.amount)
        no_year = _("no year stated")
        pool_rows = tuple(
            _amount_row(title, str(year) if year != 9999 else no_year, values)
            for (_order, _pk, title, year), values in sorted(pool.items())
        )
        total = [Decimal(0), 0, 0]
        for values in pool.values():
            total[0] += values[0]
            total[1] += values[1]
            total[2] += values[2]
        cofunding: dict[str, list] = defaultdict(lambda: [Decimal(0), 0, 0])
        for project in projects:
            for row in project.all_cofunding:
                _add(cofunding[row.status], row.amount)
        order = [s for s, _label in CoFunding.Status.choices]
        cofunding_rows = tuple(
            _amount_row(str(CoFunding.Status(status).label), "", cofunding[status])
            for status in order
            if status in cofunding
        )
        counts: dict[str, int] = defaultdict(int)
        for line in lines.values():
            counts[line.status] += 1
        status_rows = tuple(
            CountRow(key=status, label=str(label), count=counts[status])
            for status, label in ProjectStatus.choices
            if counts[status]
        )
        return Totals(
            pool_name=" / ".join(pool_names) or _("the regional development pool"),
            pool_rows=pool_rows,
            pool_total=_amount_row(_("Total"), "", total),
            cofunding_rows=cofunding_rows,
            status_rows=status_rows,
            projects=len(lines),
        )

    def changes(self, lines: dict[int, ProjectLine], states: tuple[ProjectState, ...]) -> Changes:
        before = previous_round(self.round)
        if before is None:
            return Changes("", (), (), (), ())
        earlier = build_memo(before)
        old = {state.id: state for state in earlier.states}
        old_grants = {grant_id for state in earlier.states for grant_id in state.grant_ids}
        new_grants, new_projects, status_changes, completed = [], [], [], []
        new_amounts: list[Decimal] = []
        moves: dict[tuple[str, str], int] = defaultdict(int)
        for state in states:
            line = lines[state.id]
            for grant in line.grants:
                if grant.id not in old_grants:
                    new_grants.append(grant.text)
                    if grant.amount is not None:
                        new_amounts.append(Decimal(grant.amount))
            previous = old.get(state.id)
            if previous is None:
                new_projects.append(line.title)
            elif previous.status != state.status:
                moves[(previous.status, state.status)] += 1
                status_changes.append(
                    _("%(project)s: %(old)s → %(new)s")
                    % {
                        "project": line.title,
                        "old": status_words(previous.status),
                        "new": status_words(state.status),
                    }
                )
            if state.status == ProjectStatus.COMPLETED and (
                previous is None or previous.status != ProjectStatus.COMPLETED
            ):
                completed.append(line.title)
        status_moves = tuple(
            CountRow(
                key=f"{old_status}>{new_status}",
                label=f"{status_words(old_status)} → {status_words(new_status)}",
                count=count,
            )
            for (old_status, new_status), count in sorted(
                moves.items(), key=lambda item: (-item[1], item[0])
            )
        )
        return Changes(
            previous_round=before.name,
            new_grants=tuple(new_grants),
            new_projects=tuple(new_projects),
            status_changes=tuple(status_changes),
            completed=tuple(completed),
            new_grants_total=format_dkk_short(sum(new_amounts, Decimal(0))) if new_amounts else "",
            status_moves=status_moves,
            summarised=True,
        )


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _with_when(text: str, when: PartialDate) -> str:
    return f"{text} ({when.danish()})"


def _with_year(text: str, year: int | None) -> str:
    return f"{text} ({year})" if text and year else text


def _add(values: list, amount: Decimal | None) -> None:
    values[1] += 1
    if amount is None:
        values[2] += 1
    else:
        values[0] += amount


def _amount_row(label: str, sublabel: str, values: list) -> AmountRow:
    amount, count, unknown = values
    amount = Decimal(amount).quantize(Decimal(1))
    return AmountRow(
        label=label,
        sublabel=sublabel,
        amount=str(amount),
        amount_text=format_dkk_short(amount) if count > unknown else "",
        count=count,
        unknown=unknown,
    )


def memo_date(memo: Memo) -> dt.date:
    return dt.date.fromisoformat(memo.date)
