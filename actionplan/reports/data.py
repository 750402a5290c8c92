"""The status memo as plain, frozen data: what the builder returns and every renderer reads.

Only strings, numbers, booleans, None and tuples, so that a closed round can store the memo
as JSON (RoundSnapshot) and get exactly the same memo back.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from actionplan.core.l10n import format_dkk_short

# progress(stage, done, total) of a renderer, for a job's progress bar; total None if unknown.
Progress = Callable[[str, int, int | None], None]

# A focus area with more projects than this is summarised instead of listed: its projects
# counted and their money summed per status, the LARGEST projects by amount granted in a
# short table (title, status, granted), and one line saying how many more there are and where
# the full list is (the portal's project list of the focus area, and the same list as a
# spreadsheet). A memo of a whole region's portfolio stays a paper a council reads (and one
# WeasyPrint lays out in seconds). Smaller areas keep the full entries (grant sentences, the
# round's narrative, milestones).
COMPACT_FROM = 25
LARGEST = 10


@dataclass(frozen=True)
class GrantLine:
    id: int
    source: str
    regional_pool: bool
    amount: str | None  # Decimal as text, whole DKK
    decided: str | None  # "2021", "2021-08" or "2021-08-15"
    year: int | None
    text: str  # "I august 2021 er der bevilget 1,1 mio. kr. til ..."


@dataclass(frozen=True)
class MilestoneLine:
    when: str  # in words: "marts 2022"
    title: str


@dataclass(frozen=True)
class ProjectLine:
    id: int
    title: str
    kind: str
    status: str
    status_label: str  # the status in words
    facts: str  # "Status: igangsat. Start: 2019. Fremdrift: 40 %."
    narrative: str
    grants: tuple[GrantLine, ...] = ()
    milestones: tuple[MilestoneLine, ...] = ()

    @property
    def granted_amount(self) -> Decimal | None:
        """The sum of the grants with a stated amount, None when none states one."""
        amounts = [Decimal(g.amount) for g in self.grants if g.amount is not None]
        return sum(amounts, Decimal(0)) if amounts else None

    @property
    def granted_text(self) -> str:
        """The sum of the grants in short words ("1,1 mio. kr."), "" without an amount."""
        amount = self.granted_amount
        return "" if amount is None else format_dkk_short(amount)


@dataclass(frozen=True)
class IndicatorLine:
    name: str
    unit: str
    baseline: str  # "14 % (2019)" or ""
    target: str
    latest: str
    status: str  # a progress.Status value, "" without the maths
    status_label: str
    reason: str
    chart_spec: str  # a Vega-Lite spec as JSON, "" when there is nothing to draw
    chart_title: str
    # A yes/no indicator's answers, newest first ("ja (marts 2022)"), shown instead of a chart.
    history: tuple[str, ...] = ()


@dataclass(frozen=True)
class StatusSum:
    """A large focus area's projects in one status: how many, and the money granted them."""

    status: str
    label: str
    count: int
    granted_text: str  # "" when none of them has an amount


@dataclass(frozen=True)
class FocusAreaSection:
    id: int
    slug: str
    title: str
    goals: tuple[str, ...]
    assessment: str
    still_relevant: bool | None
    relevance: str  # the still_relevant flag in words, "" when not stated
    granted: tuple[ProjectLine, ...]
    others: tuple[ProjectLine, ...]
    indicators: tuple[IndicatorLine, ...]
    # Where a summarised (compact) area's full project list is, as absolute links: the
    # portal's project list filtered by the focus area, and the same list as a spreadsheet.
    # "" in memos frozen before the links were stored.
    list_url: str = ""
    download_url: str = ""

    @property
    def project_count(self) -> int:
        return len(self.granted) + len(self.others)

    @property
    def compact(self) -> bool:
        """Summarised instead of listed: more than COMPACT_FROM projects."""
        return self.project_count > COMPACT_FROM

    @property
    def status_sums(self) -> tuple[StatusSum, ...]:
        """The projects per status (in the statuses' own order) with the money granted them."""
        from actionplan.projects.models import ProjectStatus

        counts: dict[str, int] = {}
        money: dict[str, Decimal] = {}
        labels: dict[str, str] = {}
        for line in self.granted + self.others:
            counts[line.status] = counts.get(line.status, 0) + 1
            labels.setdefault(line.status, line.status_label)
            amount = line.granted_amount
            if amount is not None:
                money[line.status] = money.get(line.status, Decimal(0)) + amount
        order = [value for value, _label in ProjectStatus.choices]
        ranked = sorted(counts, key=lambda s: (order.index(s) if s in order else len(order), s))
        return tuple(
            StatusSum(
                status=status,
                label=labels[status],
                count=counts[status],
                granted_text=format_dkk_short(money[status]) if status in money else "",
            )
            for status in ranked
        )

    @property
    def granted_total_text(self) -> str:
        """The money granted to the area's projects in short words, "" without an amount."""
        amounts = [a for a in (line.granted_amount for line in self.granted) if a is not None]
        return format_dkk_short(sum(amounts, Decimal(0))) if amounts else ""

    @property
    def largest(self) -> tuple[ProjectLine, ...]:
        """The LARGEST projects by amount granted (those with an amount; ties by title)."""
        with_amount = [line for line in self.granted if line.granted_amount]
        with_amount.sort(key=lambda line: (-line.granted_amount, line.title, line.id))
        return tuple(with_amount[:LARGEST])

    @property
    def not_listed(self) -> int:
        """How many of a summarised area's projects the largest-projects table leaves out."""
        return self.project_count - len(self.largest)


@dataclass(frozen=True)
class ThemeSection:
    id: int
    title: str
    focus_areas: tuple[FocusAreaSection, ...]


@dataclass(frozen=True)
class AmountRow:
    label: str
    sublabel: str
    amount: str  # Decimal as text
    amount_text: str
    count: int
    unknown: int  # grants or applications without a stated amount


@dataclass(frozen=True)
class CountRow:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Totals:
    pool_name: str
    pool_rows: tuple[AmountRow, ...]  # per theme and year
    pool_total: AmountRow
    cofunding_rows: tuple[AmountRow, ...]  # per co-funding status
    status_rows: tuple[CountRow, ...]
    projects: int


@dataclass(frozen=True)
class Changes:
    """Since the previous round. A list longer than COMPACT_FROM is summarised in the memo:
    its count, for new grants their sum, for status changes a count per change of status
    (status_moves). Memos frozen before the summaries were stored list everything."""

    previous_round: str  # "" when there is no earlier round
    new_grants: tuple[str, ...]
    new_projects: tuple[str, ...]
    status_changes: tuple[str, ...]
    completed: tuple[str, ...]
    new_grants_total: str = ""  # the new grants' stated amounts summed, in short words
    status_moves: tuple[CountRow, ...] = ()  # label "igangsat → afsluttet", most first
    summarised: bool = False  # False in memos frozen before the summaries were stored

    @property
    def long_new_grants(self) -> bool:
        return self.summarised and len(self.new_grants) > COMPACT_FROM

    @property
    def long_new_projects(self) -> bool:
        return self.summarised and len(self.new_projects) > COMPACT_FROM

    @property
    def long_status_changes(self) -> bool:
        return self.summarised and len(self.status_changes) > COMPACT_FROM

    @property
    def long_completed(self) -> bool:
        return self.summarised and len(self.completed) > COMPACT_FROM


@dataclass(frozen=True)
class ProjectState:
    """What the next round compares against: a project's status and grants."""

    id: int
    title: str
    status: str
    grant_ids: tuple[int, ...]


@dataclass(frozen=True)
class Memo:
    plan_slug: str
    plan_title: str
    round_slug: str
    round_name: str
    title: str
    date: str  # ISO
    date_text: str
    language: str
    themes: tuple[ThemeSection, ...]
    totals: Totals
    changes: Changes | None
    states: tuple[ProjectState, ...]

    def to_json(self) -> dict[str, Any]:
        """Plain JSON values (lists, not tuples), as a JSONField gives them back."""
        return json.loads(json.dumps(dataclasses.asdict(self), ensure_ascii=False))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Memo:
        return _load(cls, data)

    def charts(self) -> int:
        return len(self.chart_specs())

    def chart_specs(self) -> list[str]:
        return [
            indicator.chart_spec
            for theme in self.themes
            for area in theme.focus_areas
            for indicator in area.indicators
            if indicator.chart_spec
        ]


@functools.cache
def _fields(kind: type) -> tuple[tuple[str, Any], ...]:
    """A dataclass's fields with their resolved types (resolving is slow: once per class)."""
    hints = typing.get_type_hints(kind)
    return tuple((field.name, hints[field.name]) for field in dataclasses.fields(kind))


def _load(kind: Any, value: Any) -> Any:
    """Rebuild a value of a type above from its JSON form."""
    if value is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return _load(options[0], value)
    if origin is tuple:
        item = typing.get_args(kind)[0]
        return tuple(_load(item, element) for element in value)
    if dataclasses.is_dataclass(kind):
        # A field added since the value was stored keeps its default.
        return kind(
            **{name: _load(hint, value[name]) for name, hint in _fields(kind) if name in value}
        )
    return value
