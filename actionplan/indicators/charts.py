"""One chart per indicator: observed values over time against the baseline and the target.

The portal embeds the spec (width "container"), the status memo draws the same spec with
vl-convert (core.charts.FILE); the portal's table alternative reads the same points.
"""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from actionplan.core import charts

from .models import Indicator, Observation


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def indicator_unit(indicator: Indicator) -> str:
    """The unit a reader sees: the indicator's own, "%" for a percentage without one."""
    return indicator.unit or ("%" if indicator.measure == Indicator.Measure.PERCENTAGE else "")


def indicator_points(indicator: Indicator, observations: Sequence[Observation]) -> list[dict]:
    """The baseline, each numeric observation and the target as {"date", "value", "kind"}."""
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
        if obs.value is not None:
            points.append(
                {"date": obs.date.isoformat(), "value": _number(obs.value), "kind": _("Measured")}
            )
    if indicator.target_value is not None and indicator.target_year:
        points.append(
            {
                "date": f"{indicator.target_year}-01-01",
                "value": _number(indicator.target_value),
                "kind": _("Target"),
            }
        )
    return points


def indicator_spec(
    indicator: Indicator,
    points: list[dict[str, Any]],
    *,
    size: charts.ChartSize = charts.PAGE,
) -> dict[str, Any] | None:
    """The Vega-Lite spec of indicator_points; None for a yes/no indicator (shown as words,
    never as a 0-1 chart) and when there is nothing to draw."""
    if indicator.measure == Indicator.Measure.MILESTONE:
        return None
    measured_points = [p for p in points if p["kind"] == _("Measured")]
    if len(points) < 2 and not measured_points:
        return None
    unit = indicator_unit(indicator)
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
        # Padding keeps a single measurement (or one at the edge) inside the plot.
        "scale": {"padding": 28},
    }
    y = {
        "field": "value",
        "type": "quantitative",
        "title": unit or None,
        "scale": {"padding": 16, "zero": False},
    }
    colour = {
        "field": "kind",
        "type": "nominal",
        "title": None,
        "scale": {
            "domain": [_("Baseline"), _("Measured"), _("Target")],
            "range": ["#37474f", charts.COLOURS[0], "#b34700"],
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
                "mark": {"type": "line", "color": charts.COLOURS[0]},
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
    return charts.spec(
        {"height": 220 if size.width == "container" else 170, "layer": layers},
        description=_("%(name)s: measured values against the target") % {"name": indicator.name},
        size=size,
    )
