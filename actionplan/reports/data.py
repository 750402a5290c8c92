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

# A focus area with more projects than this lists them in the compact form: one line each
# (title, status, granted) in tables of COMPACT_ROWS, without the grant sentences, the
# round's narrative and the milestones. A memo of a whole region's portfolio stays a paper
# a council can read (and one WeasyPrint lays out in seconds); every project is still named.
COMPACT_FROM = 25
COMPACT_ROWS = 50


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
    def granted_text(self) -> str:
        """The sum of the grants in short words ("1,1 mio. kr."), "" without an amount."""
        amounts = [Decimal(g.amount) for g in self.grants if g.amount is not None]
        return format_dkk_short(sum(amounts)) if amounts else ""


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

    @property
    def project_count(self) -> int:
        return len(self.granted) + len(self.others)

    @property
    def compact(self) -> bool:
        return self.project_count > COMPACT_FROM

    @property
    def compact_tables(self) -> tuple[tuple[ProjectLine, ...], ...]:
        """The projects (granted money first) in tables of COMPACT_ROWS lines."""
        lines = self.granted + self.others
        return tuple(
            lines[start : start + COMPACT_ROWS] for start in range(0, len(lines), COMPACT_ROWS)
        )


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
    previous_round: str  # "" when there is no earlier round
    new_grants: tuple[str, ...]
    new_projects: tuple[str, ...]
    status_changes: tuple[str, ...]
    completed: tuple[str, ...]


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
