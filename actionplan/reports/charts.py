"""Charts drawn for the memo files: vl-convert renders the Vega-Lite spec the portal embeds
(indicators.charts.indicator_spec at core.charts.FILE size)."""

import base64
import json
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

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


CACHED = 256


@lru_cache(maxsize=CACHED)
def svg(spec_json: str) -> str:
    return _vl().vegalite_to_svg(json.loads(spec_json))


@lru_cache(maxsize=CACHED)
def png(spec_json: str, scale: float = 2.0) -> bytes:
    return _vl().vegalite_to_png(json.loads(spec_json), scale=scale)


def png_data_uri(spec_json: str) -> str:
    return f"data:image/png;base64,{base64.b64encode(png(spec_json)).decode('ascii')}"


def svg_data_uri(spec_json: str) -> str:
    encoded = base64.b64encode(svg(spec_json).encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"


def draw_all(specs: Iterable[str], image_format: str) -> None:
    """Draw a document's charts ahead of its template, several at a time (vl-convert lets go
    of the GIL while it draws), into the caches that png() and svg() read."""
    wanted = list(dict.fromkeys(spec for spec in specs if spec))[:CACHED]
    draw = png if image_format == "png" else svg
    workers = min(len(wanted), os.cpu_count() or 1, 4)
    if workers < 2:
        return
    _vl()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(draw, wanted))
