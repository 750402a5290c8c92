"""The base of every Vega-Lite chart: schema, colours and config, one for the portal (which
embeds the spec with vega-embed) and the reports (which draw the same spec with vl-convert).

A spec is plain JSON. Shown in the browser it fills its column ("container" width); drawn for
a file it gets a fixed width and the fonts vl-convert has (size=ChartSize.FILE).
"""

from dataclasses import dataclass
from typing import Any

from actionplan.core.l10n import language, vega_locale

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
# dkfds' palette: dark blue, teal, purple, orange, with enough contrast on white.
COLOURS = ["#0059b3", "#00796b", "#6a1b9a", "#b34700", "#37474f", "#8b0000"]


@dataclass(frozen=True)
class ChartSize:
    width: int | str = "container"
    font: str = "IBM Plex Sans, Arial, sans-serif"
    font_size: int = 13


PAGE = ChartSize()
# vl-convert draws with the DejaVu fonts reports/charts.py registers.
FILE = ChartSize(width=460, font="DejaVu Sans", font_size=11)


def config(size: ChartSize = PAGE) -> dict[str, Any]:
    """Vega-Lite's config: the active language's number and month symbols, fonts, colours."""
    result: dict[str, Any] = {
        "locale": vega_locale(language()),
        "font": size.font,
        "axis": {"labelFontSize": size.font_size, "titleFontSize": size.font_size},
        "legend": {"labelFontSize": size.font_size, "titleFontSize": size.font_size},
        "view": {"stroke": None},
        "range": {"category": COLOURS},
    }
    if size.width == "container":
        result["axis"]["labelLimit"] = result["legend"]["labelLimit"] = 260
        # The whole chart, legend included, fits its column (a phone's too).
        result["autosize"] = {"type": "fit-x", "contains": "padding"}
    return result


def spec(body: dict[str, Any], *, description: str, size: ChartSize = PAGE) -> dict[str, Any]:
    """A whole spec: the schema, description, width and config around a chart's body."""
    return {
        "$schema": SCHEMA,
        "description": description,
        "width": size.width,
        **body,
        "config": config(size),
    }
