"""Vega-Lite specs for the portal's charts, built from the selectors' data.

Each builder returns {"spec": ..., "table": {"caption", "columns", "rows"}} so that every chart
has a table alternative with the same numbers for screen readers and people without JavaScript.
The specs are plain JSON on core.charts' base; the indicator chart is indicators.charts',
the one the status memo draws.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from actionplan.core import charts
from actionplan.core.l10n import amount_axis_expression, format_dkk
from actionplan.indicators.charts import indicator_points, indicator_spec, indicator_unit
from actionplan.indicators.models import Indicator
from actionplan.projects.models import ProjectStatus

from .templatetags.portal import long_date, number_da


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


LABEL_CHARACTERS = 34
PHONE_LABEL_CHARACTERS = 20  # charts.js switches to these on a narrow screen


def _tail(text: str, others: list[str]) -> str:
    """The shortest ending of `text`, whole words, that none of `others` ends with."""
    for size in range(1, len(text) + 1):
        tail = text[-size:]
        if size < len(text) and text[-size - 1] != " ":
            continue
        if not any(other.endswith(tail) for other in others):
            return tail
    return text


def short_labels(texts: list[str], limit: int = LABEL_CHARACTERS) -> dict[str, str]:
    """Axis labels of about `limit` characters that stay distinct: titles that start alike
    keep the words that tell them apart ("Bidrage til at…(klimatilpasning)"), never two
    cut to the same text."""
    labels = {t: t if len(t) <= limit else t[: limit - 1].rstrip() + "…" for t in texts}
    groups: dict[str, list[str]] = {}
    for text, label in labels.items():
        groups.setdefault(label, []).append(text)
    for label, members in groups.items():
        if len(members) < 2:
            continue
        for text in members:
            if text == label:
                continue
            tail = _tail(text, [m for m in members if m != text])
            head = max(6, limit - len(tail) - 1)
            labels[text] = text if len(tail) >= len(text) - 1 else text[:head].rstrip() + "…" + tail
    if len(set(labels.values())) < len(set(texts)):  # still alike: whole titles
        return {t: t for t in texts}
    return labels


def money_text(money) -> str:
    """One wording for money in every table: an unknown amount is never "0 kr."."""
    if money.count and money.unknown == money.count:
        return _("amount not stated")
    if not money.count:
        return _("none")
    text = format_dkk(money.total)
    if money.unknown:
        text += " " + _("(and %(count)s without a stated amount)") % {"count": money.unknown}
    return text


def _data(keys, titles, numeric, rows) -> dict[str, Any]:
    """The chart's numbers for its CSV and XLSX downloads (Danish column titles)."""
    return {"keys": keys, "titles": titles, "numeric": numeric, "rows": rows}


def _bar_labels(names: list[str]):
    """The label of each bar by its name: shortened for a wide screen and, as
    `label_short`, for a phone."""
    wide, phone = short_labels(names), short_labels(names, PHONE_LABEL_CHARACTERS)
    return lambda name: {"label": wide[name], "label_short": phone[name]}


def money_by_focus_area(themes) -> dict[str, Any]:
    """Granted DKK per focus area, coloured by theme (themes: selectors.ThemeSummary list)."""
    rows = []
    summaries = []
    bar_label = _bar_labels([s.area.title for theme in themes for s in theme.areas])
    for theme in themes:
        for summary in theme.areas:
            summaries.append(summary)
            rows.append(
                {
                    "theme": theme.theme.title,
                    "area": summary.area.title,
                    **bar_label(summary.area.title),
                    "amount": _number(summary.granted.total),
                    "projects": len(summary.projects),
                }
            )
    title_amount = _("Granted (DKK)")
    spec = {
        "$schema": charts.SCHEMA,
        "description": _("Money granted per focus area, grouped by theme"),
        "width": "container",
        "height": {"step": 26},
        "data": {"values": rows},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {
                "field": "label",
                "type": "nominal",
                "sort": None,
                "title": None,
                "axis": {"labelLimit": 320},
            },
            "x": {
                "field": "amount",
                "type": "quantitative",
                "title": title_amount,
                "axis": {"labelExpr": amount_axis_expression(), "tickCount": 4},
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
        "config": charts.config(),
    }
    table = {
        "caption": _("Money granted per focus area"),
        "columns": [_("Theme"), _("Focus area"), _("Projects"), _("Granted")],
        "numeric": [False, False, True, True],
        "rows": [
            [row["theme"], row["area"], row["projects"], money_text(summary.granted)]
            for row, summary in zip(rows, summaries, strict=True)
        ],
    }
    data = _data(
        ["theme", "focus_area", "projects", "granted_dkk", "grants_without_amount"],
        ["Tema", "Indsatsområde", "Projekter", "Bevilget (kr.)", "Bevillinger uden oplyst beløb"],
        [False, False, True, True, True],
        [
            [r["theme"], r["area"], r["projects"], s.granted.total, s.granted.unknown]
            for r, s in zip(rows, summaries, strict=True)
        ],
    )
    return {"spec": spec, "table": table, "data": data, "key": "penge-pr-indsatsomraade"}


def _money_bars(
    rows: list[dict[str, Any]],
    *,
    description: str,
    step: int,
    color: dict[str, Any],
    aggregate: str | None = None,
    tooltip: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Horizontal bars of kroner per labelled row ("label", "amount"), axes in "2 mio. kr."."""
    x: dict[str, Any] = {
        "field": "amount",
        "type": "quantitative",
        "title": _("Granted (DKK)"),
        "axis": {"labelExpr": amount_axis_expression(), "tickCount": 4},
    }
    if aggregate:
        x["aggregate"] = aggregate
    encoding: dict[str, Any] = {
        "y": {"field": "label", "type": "nominal", "sort": None, "title": None},
        "x": x,
        "color": color,
    }
    if tooltip:
        encoding["tooltip"] = tooltip
    return {
        "$schema": charts.SCHEMA,
        "description": description,
        "width": "container",
        "height": {"step": step},
        "data": {"values": rows},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": encoding,
        "config": charts.config(),
    }


def money_by_theme(themes) -> dict[str, Any]:
    bar_label = _bar_labels([theme.theme.title for theme in themes])
    rows = [
        {
            "theme": theme.theme.title,
            **bar_label(theme.theme.title),
            "amount": _number(theme.granted.total),
        }
        for theme in themes
    ]
    spec = _money_bars(
        rows,
        description=_("Money granted per theme"),
        step=30,
        color={
            "field": "theme",
            "type": "nominal",
            "scale": {"domain": [theme.theme.title for theme in themes]},
            "legend": None,
        },
    )
    table = {
        "caption": _("Money granted per theme"),
        "columns": [_("Theme"), _("Granted")],
        "numeric": [False, True],
        "rows": [[theme.theme.title, money_text(theme.granted)] for theme in themes],
    }
    data = _data(
        ["theme", "granted_dkk", "grants_without_amount"],
        ["Tema", "Bevilget (kr.)", "Bevillinger uden oplyst beløb"],
        [False, True, True],
        [[t.theme.title, t.granted.total, t.granted.unknown] for t in themes],
    )
    return {"spec": spec, "table": table, "data": data, "key": "penge-pr-tema"}


def projects_by_status(counts: list[dict[str, Any]]) -> dict[str, Any]:
    rows = [{"status": str(c["label"]), "count": c["count"]} for c in counts]
    spec = {
        "$schema": charts.SCHEMA,
        "description": _("Number of projects by status"),
        "width": "container",
        "height": {"step": 30},
        "data": {"values": rows},
        "mark": {"type": "bar", "tooltip": True, "color": charts.COLOURS[0]},
        "encoding": {
            "y": {"field": "status", "type": "nominal", "sort": None, "title": None},
            "x": {
                "field": "count",
                "type": "quantitative",
                "title": _("Projects"),
                "axis": {"format": "d", "tickMinStep": 1},
            },
        },
        "config": charts.config(),
    }
    table = {
        "caption": _("Projects by status"),
        "columns": [_("Status"), _("Projects")],
        "numeric": [False, True],
        "rows": [[row["status"], row["count"]] for row in rows],
    }
    with translation.override("da"):
        danish = {value: str(label) for value, label in ProjectStatus.choices}
    data = _data(
        ["status", "status_label", "projects"],
        ["Statuskode", "Status", "Projekter"],
        [False, False, True],
        [[c["status"], danish.get(c["status"], c["status"]), c["count"]] for c in counts],
    )
    return {"spec": spec, "table": table, "data": data, "key": "projekter-pr-status"}


def yes_no_answers(indicator: Indicator) -> list | None:
    """A yes/no indicator's observations, newest first, to be listed as words; None for
    other indicators (they get a chart)."""
    if indicator.measure != Indicator.Measure.MILESTONE:
        return None
    answered = [o for o in indicator.observations.all() if o.value is not None]
    return sorted(answered, key=lambda o: (o.date, o.pk), reverse=True)


def indicator_chart(indicator: Indicator) -> dict[str, Any] | None:
    """Observed values over time against the baseline and the target (the spec the memo
    draws too); None without numbers."""
    observations = [o for o in indicator.observations.all() if o.value is not None]
    points = indicator_points(indicator, observations)
    spec = indicator_spec(indicator, points)
    if spec is None:
        return None
    unit = indicator_unit(indicator)
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
    data = _data(
        ["kind", "date", "value", "unit"],
        ["Art", "Dato", "Værdi", "Enhed"],
        [False, False, True, False],
        [[p["kind"], p["date"], p["value"], unit] for p in points],
    )
    return {"spec": spec, "table": table, "data": data, "key": f"indikator-{indicator.pk}"}


def municipality_map(data, geo_url: str, *, caption: str) -> dict[str, Any]:
    """Municipalities shaded by money or by number of projects (a choice under the map),
    with a point for each project with coordinates (data: overview.MapData)."""
    rows = [
        {"code": m.code, "name": m.name, "projects": m.projects, "granted": _number(m.granted)}
        for m in data.municipalities
    ]
    granted_label, projects_label = _("money granted"), _("number of projects")
    spec = {
        "$schema": charts.SCHEMA,
        "description": caption,
        "width": "container",
        "height": 420,
        "params": [
            {
                "name": "measure",
                "value": "granted",
                "bind": {
                    "input": "select",
                    "options": ["granted", "projects"],
                    "labels": [granted_label, projects_label],
                    "name": _("Shade the municipalities by") + " ",
                },
            }
        ],
        "projection": {"type": "mercator"},
        "layer": [
            {
                "data": {"url": geo_url, "format": {"type": "json", "property": "features"}},
                "transform": [
                    {
                        "lookup": "properties.code",
                        "from": {
                            "data": {"values": rows},
                            "key": "code",
                            "fields": ["name", "projects", "granted"],
                        },
                    },
                    {
                        "calculate": "measure == 'granted' ? datum.granted : datum.projects",
                        "as": "value",
                    },
                ],
                "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.6},
                "encoding": {
                    "color": {
                        "field": "value",
                        "type": "quantitative",
                        "title": None,
                        "scale": {"scheme": "blues"},
                        "legend": {
                            "orient": "bottom",
                            "direction": "horizontal",
                            "gradientLength": 220,
                            "labelExpr": "measure == 'granted' ? ("
                            + amount_axis_expression()
                            + ") : format(datum.value, ',d')",
                        },
                    },
                    "tooltip": [
                        {"field": "name", "title": _("Municipality")},
                        {"field": "projects", "title": _("Projects"), "format": ",d"},
                        {"field": "granted", "title": _("Granted (DKK)"), "format": ",.0f"},
                    ],
                },
            },
            {
                "data": {"values": data.points},
                "mark": {
                    "type": "circle",
                    "color": "#b34700",
                    "opacity": 0.8,
                    "stroke": "#ffffff",
                    "strokeWidth": 0.5,
                    "size": 36,
                },
                "encoding": {
                    "longitude": {"field": "lon", "type": "quantitative"},
                    "latitude": {"field": "lat", "type": "quantitative"},
                    "tooltip": [
                        {"field": "title", "title": _("Project")},
                        {"field": "granted", "title": _("Granted (DKK)"), "format": ",.0f"},
                    ],
                },
            },
        ],
        "config": charts.config(),
    }
    shown = [m for m in data.municipalities if m.projects]
    table = {
        "caption": caption,
        "columns": [_("Municipality"), _("Region"), _("Projects"), _("Granted")],
        "numeric": [False, False, True, True],
        "rows": [[m.name, m.region, m.projects, format_dkk(m.granted)] for m in shown],
    }
    data_rows = _data(
        ["municipality_code", "municipality", "region", "projects", "granted_dkk"],
        ["Kommunekode", "Kommune", "Region", "Projekter", "Bevilget (kr.)"],
        [False, False, False, True, True],
        [[m.code, m.name, m.region, m.projects, m.granted] for m in shown],
    )
    return {"spec": spec, "table": table, "data": data_rows, "key": "kort", "controls": True}


def national_money(figures) -> dict[str, Any]:
    """Money granted per organisation's current plan, stacked by theme."""
    bar_label = _bar_labels([f.organisation.name for f in figures])
    rows = [
        {
            "organisation": f.organisation.name,
            **bar_label(f.organisation.name),
            "plan": f.plan.title,
            "theme": theme,
            "amount": _number(money.total),
        }
        for f in figures
        for theme, money in f.themes
    ]
    spec = _money_bars(
        rows,
        description=_("Money granted per organisation's current plan, by theme"),
        step=28,
        aggregate="sum",
        color={
            "field": "theme",
            "type": "nominal",
            "title": _("Theme"),
            "legend": {"orient": "bottom", "columns": 1},
        },
        tooltip=[
            {"field": "organisation", "title": _("Organisation")},
            {"field": "theme", "title": _("Theme")},
            {"field": "amount", "title": _("Granted (DKK)"), "format": ",.0f"},
        ],
    )
    table = {
        "caption": _("Money granted per organisation and theme"),
        "columns": [_("Organisation"), _("Theme"), _("Granted")],
        "numeric": [False, False, True],
        "rows": [
            [f.organisation.name, theme, money_text(money)]
            for f in figures
            for theme, money in f.themes
        ],
    }
    data = _data(
        ["organisation", "plan", "theme", "granted_dkk", "grants_without_amount"],
        [
            "Organisation",
            "Handlingsplan",
            "Tema",
            "Bevilget (kr.)",
            "Bevillinger uden oplyst beløb",
        ],
        [False, False, False, True, True],
        [
            [f.organisation.name, f.plan.title, theme, money.total, money.unknown]
            for f in figures
            for theme, money in f.themes
        ],
    )
    return {"spec": spec, "table": table, "data": data, "key": "penge-pr-organisation"}
