"""Vega-Lite specs for the portal's charts, built from the selectors' data.

Each builder returns {"spec": ..., "table": {"caption", "columns", "rows"}} so that every chart
has a table alternative with the same numbers for screen readers and people without JavaScript.
The specs are plain JSON, so vl-convert can render the same spec for reports.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from actionplan.core.money import format_dkk
from actionplan.indicators.models import Indicator

from .templatetags.portal import long_date, number_da

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
# dkfds' palette: dark blue, teal, purple, orange, with enough contrast on white.
COLOURS = ["#0059b3", "#00796b", "#6a1b9a", "#b34700", "#37474f", "#8b0000"]

DANISH_LOCALE = {
    "number": {
        "decimal": ",",
        "thousands": ".",
        "grouping": [3],
        "currency": ["", " kr."],
    },
    "time": {
        "dateTime": "%A den %d. %B %Y %X",
        "date": "%d.%m.%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
        "shortDays": ["søn", "man", "tir", "ons", "tor", "fre", "lør"],
        "months": [
            "januar",
            "februar",
            "marts",
            "april",
            "maj",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "december",
        ],
        "shortMonths": [
            "jan",
            "feb",
            "mar",
            "apr",
            "maj",
            "jun",
            "jul",
            "aug",
            "sep",
            "okt",
            "nov",
            "dec",
        ],
    },
}


def _config() -> dict[str, Any]:
    return {
        "locale": DANISH_LOCALE,
        "font": "IBM Plex Sans, Arial, sans-serif",
        "axis": {"labelFontSize": 13, "titleFontSize": 13, "labelLimit": 260},
        "legend": {"labelFontSize": 13, "titleFontSize": 13, "labelLimit": 260},
        "view": {"stroke": None},
        "range": {"category": COLOURS},
    }


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def money_by_focus_area(themes) -> dict[str, Any]:
    """Granted DKK per focus area, coloured by theme (themes: selectors.ThemeSummary list)."""
    rows = []
    for theme in themes:
        for summary in theme.areas:
            rows.append(
                {
                    "theme": theme.theme.title,
                    "area": summary.area.title,
                    "amount": _number(summary.granted.total),
                    "projects": len(summary.projects),
                }
            )
    title_amount = _("Granted (DKK)")
    spec = {
        "$schema": SCHEMA,
        "description": _("Money granted per focus area, grouped by theme"),
        "width": "container",
        "height": {"step": 26},
        "data": {"values": rows},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {
                "field": "area",
                "type": "nominal",
                "sort": None,
                "title": None,
                "axis": {"labelLimit": 320},
            },
            "x": {
                "field": "amount",
                "type": "quantitative",
                "title": title_amount,
                "axis": {"format": ",.0f", "tickCount": 4},
            },
            "color": {
                "field": "theme",
                "type": "nominal",
                "title": _("Theme"),
                "scale": {"domain": [theme.theme.title for theme in themes]},
                "legend": {"orient": "bottom", "columns": 1},
            },
            "tooltip": [
                {"field": "theme", "title": _("Theme")},
                {"field": "area", "title": _("Focus area")},
                {"field": "amount", "title": title_amount, "format": ",.0f"},
                {"field": "projects", "title": _("Projects")},
            ],
        },
        "config": _config(),
    }
    table = {
        "caption": _("Money granted per focus area"),
        "columns": [_("Theme"), _("Focus area"), _("Projects"), _("Granted")],
        "numeric": [False, False, True, True],
        "rows": [
            [row["theme"], row["area"], row["projects"], format_dkk(row["amount"] or 0)]
            for row in rows
        ],
    }
    return {"spec": spec, "table": table}


def money_by_theme(themes) -> dict[str, Any]:
    rows = [
        {"theme": theme.theme.title, "amount": _number(theme.granted.total)} for theme in themes
    ]
    spec = {
        "$schema": SCHEMA,
        "description": _("Money granted per theme"),
        "width": "container",
        "height": {"step": 30},
        "data": {"values": rows},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": "theme", "type": "nominal", "sort": None, "title": None},
            "x": {
                "field": "amount",
                "type": "quantitative",
                "title": _("Granted (DKK)"),
                "axis": {"format": ",.0f", "tickCount": 4},
            },
            "color": {
                "field": "theme",
                "type": "nominal",
                "scale": {"domain": [theme.theme.title for theme in themes]},
                "legend": None,
            },
        },
        "config": _config(),
    }
    table = {
        "caption": _("Money granted per theme"),
        "columns": [_("Theme"), _("Granted")],
        "numeric": [False, True],
        "rows": [[row["theme"], format_dkk(row["amount"] or 0)] for row in rows],
    }
    return {"spec": spec, "table": table}


def projects_by_status(counts: list[dict[str, Any]]) -> dict[str, Any]:
    rows = [{"status": str(c["label"]), "count": c["count"]} for c in counts]
    spec = {
        "$schema": SCHEMA,
        "description": _("Number of projects by status"),
        "width": "container",
        "height": {"step": 30},
        "data": {"values": rows},
        "mark": {"type": "bar", "tooltip": True, "color": COLOURS[0]},
        "encoding": {
            "y": {"field": "status", "type": "nominal", "sort": None, "title": None},
            "x": {
                "field": "count",
                "type": "quantitative",
                "title": _("Projects"),
                "axis": {"format": "d", "tickMinStep": 1},
            },
        },
        "config": _config(),
    }
    table = {
        "caption": _("Projects by status"),
        "columns": [_("Status"), _("Projects")],
        "numeric": [False, True],
        "rows": [[row["status"], row["count"]] for row in rows],
    }
    return {"spec": spec, "table": table}


def yes_no_answers(indicator: Indicator) -> list | None:
    """A yes/no indicator's observations, newest first, to be listed as words; None for
    other indicators (they get a chart)."""
    if indicator.measure != Indicator.Measure.MILESTONE:
        return None
    answered = [o for o in indicator.observations.all() if o.value is not None]
    return sorted(answered, key=lambda o: (o.date, o.pk), reverse=True)


def indicator_chart(indicator: Indicator) -> dict[str, Any] | None:
    """Observed values over time against the baseline and the target; None without numbers."""
    if indicator.measure == Indicator.Measure.MILESTONE:
        return None  # yes or no is shown as words, never as a 0-1 chart
    observations = [o for o in indicator.observations.all() if o.value is not None]
    points: list[dict[str, Any]] = []
    if indicator.baseline_value is not None and indicator.baseline_year:
        points.append(
            {
                "date": f"{indicator.baseline_year}-01-01",
                "value": _number(indicator.baseline_value),
                "kind": _("Baseline"),
            }
        )
    for obs in observations:
        points.append(
            {"date": obs.date.isoformat(), "value": _number(obs.value), "kind": _("Measured")}
        )
    target = None
    if indicator.target_value is not None and indicator.target_year:
        target = {
            "date": f"{indicator.target_year}-01-01",
            "value": _number(indicator.target_value),
            "kind": _("Target"),
        }
        points.append(target)
    if len(points) < 2 and not observations:
        return None
    unit = indicator.unit or ("%" if indicator.measure == Indicator.Measure.PERCENTAGE else "")
    value_title = f"{indicator.name} ({unit})" if unit else indicator.name
    x = {
        "field": "date",
        "type": "temporal",
        "title": None,
        "axis": {
            "format": "%Y",
            "tickCount": {"interval": "year", "step": 1},
            "labelOverlap": True,
        },
    }
    y = {"field": "value", "type": "quantitative", "title": unit or None}
    colour = {
        "field": "kind",
        "type": "nominal",
        "title": None,
        "scale": {
            "domain": [_("Baseline"), _("Measured"), _("Target")],
            "range": ["#37474f", COLOURS[0], "#b34700"],
        },
        "legend": {"orient": "bottom"},
    }
    layers: list[dict[str, Any]] = []
    trajectory = [p for p in points if p["kind"] in (_("Baseline"), _("Target"))]
    if len(trajectory) == 2:
        layers.append(
            {
                "data": {"values": trajectory},
                "mark": {"type": "line", "strokeDash": [6, 4], "color": "#6b6b6b"},
                "encoding": {"x": x, "y": y},
            }
        )
    measured = [p for p in points if p["kind"] != _("Target")]
    if len(measured) > 1:
        layers.append(
            {
                "data": {"values": measured},
                "mark": {"type": "line", "color": COLOURS[0]},
                "encoding": {"x": x, "y": y},
            }
        )
    layers.append(
        {
            "data": {"values": points},
            "mark": {"type": "point", "filled": True, "size": 90, "tooltip": True},
            "encoding": {
                "x": x,
                "y": y,
                "color": colour,
                "shape": {"field": "kind", "type": "nominal", "legend": None},
                "tooltip": [
                    {"field": "kind", "title": " "},
                    {"field": "date", "type": "temporal", "format": "%Y", "title": _("Year")},
                    {"field": "value", "title": value_title, "format": ",.4~f"},
                ],
            },
        }
    )
    spec = {
        "$schema": SCHEMA,
        "description": _("%(name)s: measured values against the target") % {"name": indicator.name},
        "width": "container",
        "height": 220,
        "layer": layers,
        "config": _config(),
    }
    rows = []
    for point in points:
        year = point["date"][:4]
        when = year if point["kind"] != _("Measured") else ""
        if not when:
            obs = next(o for o in observations if o.date.isoformat() == point["date"])
            when = long_date(obs.date)
        rows.append([point["kind"], when, f"{number_da(point['value'])} {unit}".strip()])
    table = {
        "caption": _("Measured values against the baseline and the target"),
        "columns": ["", _("When"), _("Value")],
        "numeric": [False, False, True],
        "rows": rows,
    }
    return {"spec": spec, "table": table}
