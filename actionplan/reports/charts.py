"""Small indicator charts: one Vega-Lite spec, drawn by vl-convert for the memo files (and
usable by vega-embed in the browser)."""

import base64
import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVu Sans"
_fonts_registered = False


def _vl():
    """vl_convert with the DejaVu fonts registered (without them labels overlap)."""
    global _fonts_registered
    import vl_convert

    if not _fonts_registered:
        if FONT_DIR.is_dir():
            vl_convert.register_font_directory(str(FONT_DIR))
        _fonts_registered = True
    return vl_convert


def indicator_spec(
    *,
    unit: str,
    baseline: tuple[int, float] | None,
    target: tuple[int, float] | None,
    points: list[tuple[dt.date, float]],
) -> dict:
    """Measurements as a line with points, the baseline and the target as marked points and
    the straight path between them dashed."""
    measured, path_label = _("Measured"), _("Path to target")
    baseline_label, target_label = _("Baseline"), _("Target")
    rows = [{"date": d.isoformat(), "value": v, "kind": measured} for d, v in points]
    marks = []
    if baseline:
        marks.append({"date": f"{baseline[0]}-07-01", "value": baseline[1], "kind": baseline_label})
    if target:
        marks.append({"date": f"{target[0]}-07-01", "value": target[1], "kind": target_label})
    path = [dict(mark, kind=path_label) for mark in marks] if len(marks) == 2 else []
    kinds = [measured, baseline_label, target_label, path_label]
    colors = ["#1f5c99", "#6b6b6b", "#2e7d32", "#9e9e9e"]
    axis_title = unit or _("Value")
    color = {
        "field": "kind",
        "type": "nominal",
        "title": None,
        "scale": {"domain": kinds, "range": colors},
        "legend": {"orient": "bottom", "direction": "horizontal"},
    }
    x = {"field": "date", "type": "temporal", "title": None, "axis": {"format": "%Y"}}
    y = {"field": "value", "type": "quantitative", "title": axis_title}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 420,
        "height": 150,
        "config": {
            "font": FONT,
            "axis": {"labelFont": FONT, "titleFont": FONT, "tickCount": 6},
            "legend": {"labelFont": FONT, "titleFont": FONT},
            "view": {"stroke": None},
        },
        "layer": [
            {
                "data": {"values": path},
                "mark": {"type": "line", "strokeDash": [4, 4]},
                "encoding": {"x": x, "y": y, "color": color},
            },
            {
                "data": {"values": rows},
                "mark": {"type": "line", "point": True},
                "encoding": {"x": x, "y": y, "color": color},
            },
            {
                "data": {"values": marks},
                "mark": {"type": "point", "filled": True, "size": 70},
                "encoding": {"x": x, "y": y, "color": color},
            },
        ],
    }


@lru_cache(maxsize=256)
def svg(spec_json: str) -> str:
    return _vl().vegalite_to_svg(json.loads(spec_json))


@lru_cache(maxsize=256)
def png(spec_json: str, scale: float = 2.0) -> bytes:
    return _vl().vegalite_to_png(json.loads(spec_json), scale=scale)


def svg_data_uri(spec_json: str) -> str:
    encoded = base64.b64encode(svg(spec_json).encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"
