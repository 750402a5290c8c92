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
import resource
import subprocess
import sys
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVu Sans"
# 460 px wide charts at 1,5 times: ~155 dpi as the PDF places them (11 cm), ~125 dpi in the
# DOCX (14 cm); at 2 the PDF took 0,6 CPU s more to re-encode them and looked the same.
PNG_SCALE = 1.5
# Pictures kept between documents (a memo's own are always kept while it is drawn).
CACHED = 64

_drawn: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_references: dict[str, tuple[str, str]] = {}


class ChartError(RuntimeError):
    pass


class _Batch:
    """One child process drawing some charts; it starts at once and is read when needed."""

    def __init__(self, specs: list[str], image_format: str):
        self.specs, self.image_format = specs, image_format
        self.process = subprocess.Popen(  # noqa: S603 - this Python running this file, no shell
            [sys.executable, str(Path(__file__).resolve()), image_format],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        # The child reads all of its input before it draws, so this returns at once.
        self.process.stdin.write(json.dumps(specs).encode("utf-8"))
        self.process.stdin.close()
        self.process.stdin = None  # communicate() must not flush the closed pipe

    def finish(self) -> None:
        """Wait for the child and keep its pictures."""
        out, err = self.process.communicate()
        for spec in self.specs:
            _pending.pop((self.image_format, spec), None)
        if self.process.returncode != 0:
            message = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
            raise ChartError(f"drawing the charts failed: {message[0]}")
        images = [base64.b64decode(image) for image in json.loads(out)]
        try:
            reports.append(json.loads(err.decode("utf-8").strip().splitlines()[-1]))
            del reports[:-16]
        except (ValueError, IndexError):
            pass
        for spec, image in zip(self.specs, images, strict=True):
            _drawn[(self.image_format, spec)] = image


_pending: dict[tuple[str, str], _Batch] = {}
# What each finished child said of itself (charts, peak_rss_mb, cpu_s): for bench/memo.py.
reports: list[dict] = []


def start(specs: Iterable[str], image_format: str) -> None:
    """Start drawing a document's charts ("png" or "svg") in one child process and return at
    once; png(), svg() and fetch() wait for it when they need a picture. The child draws while
    this process goes on with the document (two cores: less time until the file is done).
    Charts drawn before (the same spec) are not drawn again."""
    wanted = list(dict.fromkeys(spec for spec in specs if spec))
    keep = {(image_format, spec) for spec in wanted}
    missing = [spec for spec in wanted if (image_format, spec) not in _drawn | _pending.keys()]
    # Room for this document's pictures: the oldest of the others go.
    for key in list(_drawn):
        if len(_drawn) + len(missing) <= CACHED:
            break
        if key not in keep:
            del _drawn[key]
    if missing:
        batch = _start_child(missing, image_format)
        for spec in missing:
            _pending[(image_format, spec)] = batch
    if len(_references) > 4 * CACHED:
        _references.clear()


def _start_child(specs: list[str], image_format: str) -> _Batch:
    return _Batch(specs, image_format)


def draw_all(specs: Iterable[str], image_format: str) -> None:
    """Draw a document's charts in one child process (start) and wait for them."""
    specs = list(specs)
    start(specs, image_format)
    for spec in specs:
        batch = _pending.get((image_format, spec))
        if batch is not None:
            batch.finish()


def wait() -> None:
    """Wait for every child still drawing (and keep its pictures)."""
    for batch in set(_pending.values()):
        batch.finish()


def cancel() -> None:
    """Stop the children still drawing (a document that failed half-way)."""
    for batch in set(_pending.values()):
        batch.process.kill()
        batch.process.communicate()
        for spec in batch.specs:
            _pending.pop((batch.image_format, spec), None)


def _image(spec_json: str, image_format: str) -> bytes:
    key = (image_format, spec_json)
    if key not in _drawn:
        if key not in _pending:
            start([spec_json], image_format)
        _pending[key].finish()
    return _drawn[key]


def svg(spec_json: str) -> str:
    return _image(spec_json, "svg").decode("utf-8")


def png(spec_json: str) -> bytes:
    return _image(spec_json, "png")


REFERENCE = "memo-chart:"


def reference(spec_json: str, image_format: str) -> str:
    """A short address of a chart for WeasyPrint's url_fetcher (fetch below), drawn (or being
    drawn, see start) by then: megabytes of base64 pictures in the HTML cost the PDF more time
    to parse than to lay out."""
    if (image_format, spec_json) not in _drawn and (image_format, spec_json) not in _pending:
        start([spec_json], image_format)
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

    specs = json.loads(sys.stdin.buffer.read())  # first: the parent does not wait to write
    import vl_convert

    if FONT_DIR.is_dir():
        vl_convert.register_font_directory(str(FONT_DIR))  # without them labels overlap

    def draw(spec_json: str) -> bytes:
        spec = json.loads(spec_json)
        if image_format == "png":
            return vl_convert.vegalite_to_png(spec, scale=PNG_SCALE)
        return vl_convert.vegalite_to_svg(spec).encode("utf-8")

    # vl-convert lets go of the GIL while it draws: two at a time on a worker's two cores.
    with ThreadPoolExecutor(max_workers=max(1, min(len(specs), os.cpu_count() or 1, 4))) as pool:
        images = list(pool.map(draw, specs))
    sys.stdout.write(json.dumps([base64.b64encode(image).decode("ascii") for image in images]))
    sys.stdout.flush()
    # For benchmarks (reports.charts.reports): this process's own peak memory and CPU.
    usage = resource.getrusage(resource.RUSAGE_SELF)
    sys.stderr.write(
        json.dumps(
            {
                "charts": len(images),
                "peak_rss_mb": round(_own_peak_kb() / 1024, 1),
                "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
            }
        )
        + "\n"
    )


def _own_peak_kb() -> int:
    """VmHWM: the peak of this program's own memory. (ru_maxrss would count the parent's
    memory the child shared between fork and exec.)"""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in ("png", "svg"):
        sys.exit("usage: charts.py png|svg < specs.json")
    _child(sys.argv[1])
