"""A decompression bomb against the upload check: an XLSX of about 0,5 MB whose sheet unpacks
to about 190 MB (just under the 200 MB limit on unpacked size), refused while a worker's
memory stays flat.

    .venv/bin/python bench/upload_bomb.py [--mb 190]

Each variant runs in a fresh process (so its peak RSS is its own) and prints the outcome,
the time, and the process's resident memory before the check and at its peak:

- default limits: refused by the compression ratio, read from the zip's directory;
- ratio check off: the sheet is streamed until the cell limit refuses it;
- ratio, row and cell limits off: all 190 MB are streamed through the XML parser (the worst
  case the parser alone can meet).
"""

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def build(megabytes: int) -> bytes:
    """The sheet is written to the zip in pieces: the bomb is never whole in memory here."""
    buffer = io.BytesIO()
    cells = '<c t="n"><v>1</v></c>' * 40
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            written, row = 0, 0
            while written < megabytes * 2**20:
                row += 1
                piece = f"<row>{cells}</row>".encode()
                sheet.write(piece)
                written += len(piece)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def worker(path: str, limits: str) -> None:
    """One variant in this process: Django set up as a server worker has it, then the check."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()
    from django.conf import settings
    from django.utils import translation

    from actionplan.ingest.errors import UnsafeFile
    from actionplan.ingest.safety import check_upload

    for name, value in json.loads(limits).items():
        setattr(settings, name, value)
    data = Path(path).read_bytes()
    before = rss_mb()
    started = time.perf_counter()
    with translation.override("da"):
        try:
            check_upload("projekter.xlsx", data)
            outcome = "passed the check"
        except UnsafeFile as exc:
            outcome = f"refused: {exc}"
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"outcome": outcome, "seconds": seconds, "before": before, "peak": peak}))


VARIANTS = {
    "default limits": {},
    "ratio check off": {"ACTIONPLAN_INGEST_MAX_RATIO": 10**9},
    "ratio, row and cell limits off": {
        "ACTIONPLAN_INGEST_MAX_RATIO": 10**9,
        "ACTIONPLAN_INGEST_MAX_ROWS": 10**9,
        "ACTIONPLAN_INGEST_MAX_CELLS": 10**12,
    },
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=190, help="unpacked size of the sheet")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    data = build(args.mb)
    path = Path(tempfile.gettempdir()) / f"upload-bomb-{os.getpid()}.xlsx"
    path.write_bytes(data)
    unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    print(
        f"bomb: {len(data) / 2**20:.2f} MB on disk, {unpacked / 2**20:.0f} MB unpacked "
        f"(x{unpacked / len(data):.0f})"
    )
    try:
        for label, limits in VARIANTS.items():
            result = subprocess.run(  # noqa: S603
                [sys.executable, __file__, "--worker", str(path), json.dumps(limits)],
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                capture_output=True,
                text=True,
                check=True,
            )
            figures = json.loads(result.stdout.strip().splitlines()[-1])
            print(
                f"{label:32} peak RSS {figures['peak']:6.0f} MB (before the check "
                f"{figures['before']:.0f} MB), {figures['seconds']:6.2f} s: {figures['outcome']}"
            )
    finally:
        path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
