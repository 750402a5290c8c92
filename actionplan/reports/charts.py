"""Charts drawn for the memo files: vl-convert renders the Vega-Lite spec the portal embeds
(indicators.charts.indicator_spec at core.charts.FILE size).

vl-convert runs a JavaScript engine that stays in the process once loaded (~125 MB of a
worker's memory for good). So the charts are drawn in one short-lived child process per
document (draw_all, before the template): the worker keeps only the pictures, and the
engine's memory is given back when the child ends. The child is this file run as a script;
it needs neither Django nor the project on its path.
"""

import base64
import hashlib
import json
import os
import subprocess
import sys
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVu Sans"
PNG_SCALE = 2.0
# Pictures kept between documents (a memo's own are always kept while it is drawn).
CACHED = 64

_drawn: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_references: dict[str, tuple[str, str]] = {}


class ChartError(RuntimeError):
    pass


def draw_all(specs: Iterable[str], image_format: str) -> None:
    """Draw a document's charts ("png" or "svg") in one child process, into the cache that
    png() and svg() read. Charts drawn before (the same spec) are not drawn again."""
    wanted = list(dict.fromkeys(spec for spec in specs if spec))
    missing = [spec for spec in wanted if (image_format, spec) not in _drawn]
    if missing:
        for spec, image in zip(missing, _draw_in_child(missing, image_format), strict=True):
            _drawn[(image_format, spec)] = image
    for spec in wanted:
        _drawn.move_to_end((image_format, spec))
    while len(_drawn) > max(CACHED, len(wanted)):
        _drawn.popitem(last=False)
    if len(_references) > 4 * CACHED:
        _references.clear()


def _draw_in_child(specs: list[str], image_format: str) -> list[bytes]:
    done = subprocess.run(  # noqa: S603 - this Python running this file, no shell
        [sys.executable, str(Path(__file__).resolve()), image_format],
        input=json.dumps(specs).encode("utf-8"),
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        raise ChartError(f"drawing the charts failed: {message[0]}")
    return [base64.b64decode(image) for image in json.loads(done.stdout)]


def _image(spec_json: str, image_format: str) -> bytes:
    if (image_format, spec_json) not in _drawn:
        draw_all([spec_json], image_format)
    return _drawn[(image_format, spec_json)]


def svg(spec_json: str) -> str:
    return _image(spec_json, "svg").decode("utf-8")


def png(spec_json: str) -> bytes:
    return _image(spec_json, "png")


REFERENCE = "memo-chart:"


def reference(spec_json: str, image_format: str) -> str:
    """A short address of a drawn chart for WeasyPrint's url_fetcher (fetch below): placing
    megabytes of base64 pictures in the HTML costs the PDF more time to parse than to lay out."""
    draw_all([spec_json], image_format)
    key = hashlib.sha256(spec_json.encode("utf-8")).hexdigest()
    _references[key] = (image_format, spec_json)
    return f"{REFERENCE}{image_format}/{key}"


def fetch(url: str) -> dict | None:
    """The picture behind a reference(), as WeasyPrint's url_fetcher returns it; None for
    another address."""
    if not url.startswith(REFERENCE):
        return None
    image_format, key = url[len(REFERENCE) :].split("/", 1)
    found = _references.get(key)
    if found is None or found[0] != image_format:
        raise ChartError(f"no chart {url}")
    mime = "image/png" if image_format == "png" else "image/svg+xml"
    return {"string": _image(found[1], image_format), "mime_type": mime}


def png_data_uri(spec_json: str) -> str:
    return f"data:image/png;base64,{base64.b64encode(png(spec_json)).decode('ascii')}"


def svg_data_uri(spec_json: str) -> str:
    return f"data:image/svg+xml;base64,{base64.b64encode(_image(spec_json, 'svg')).decode('ascii')}"


# -- the child --------------------------------------------------------------------------------


def _child(image_format: str) -> None:
    """Read a JSON list of specs from standard input, write a JSON list of base64 pictures."""
    from concurrent.futures import ThreadPoolExecutor

    import vl_convert

    if FONT_DIR.is_dir():
        vl_convert.register_font_directory(str(FONT_DIR))  # without them labels overlap
    specs = json.loads(sys.stdin.buffer.read())

    def draw(spec_json: str) -> bytes:
        spec = json.loads(spec_json)
        if image_format == "png":
            return vl_convert.vegalite_to_png(spec, scale=PNG_SCALE)
        return vl_convert.vegalite_to_svg(spec).encode("utf-8")

    # vl-convert lets go of the GIL while it draws: two at a time on a worker's two cores.
    with ThreadPoolExecutor(max_workers=max(1, min(len(specs), os.cpu_count() or 1, 4))) as pool:
        images = list(pool.map(draw, specs))
    sys.stdout.write(json.dumps([base64.b64encode(image).decode("ascii") for image in images]))


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in ("png", "svg"):
        sys.exit("usage: charts.py png|svg < specs.json")
    _child(sys.argv[1])
