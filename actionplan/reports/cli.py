"""`actionplan report memo`: the status memo of a round as DOCX, PDF or HTML."""

import argparse
import sys
from pathlib import Path

FORMATS = ("docx", "pdf", "html")


class Progress:
    """A progress bar on standard error, drawn only when it is a terminal."""

    def __init__(self, total: int, stream=None):
        self.total, self.done = max(total, 1), 0
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()

    def step(self, label: str) -> None:
        self.done = min(self.done + 1, self.total)
        if not self.enabled:
            return
        width = 30
        filled = width * self.done // self.total
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} {label[:40]:<40}")
        if self.done == self.total:
            self.stream.write("\n")
        self.stream.flush()


def write_memo(plan_slug: str, round_name: str, fmt: str, output: str, progress=None) -> Path:
    from actionplan.core.errors import ActionplanError
    from actionplan.plans.selectors import plan_get
    from actionplan.reports import charts
    from actionplan.reports.builder import build_memo
    from actionplan.rounds.selectors import round_get

    plan = plan_get(plan_slug)
    status_round = round_get(plan, round_name)
    memo = build_memo(status_round)
    specs = memo.chart_specs()
    bar = progress or Progress(3)
    bar.step("data")
    # In one child process (reports.charts), the pictures the format places: PNG in the PDF
    # and DOCX, SVG in the HTML.
    charts.draw_all(specs, "svg" if fmt == "html" else "png")
    bar.step("charts")
    from actionplan.reports.formats import FORMATS as MEMO_FORMATS

    content = MEMO_FORMATS[fmt].render(memo)
    path = Path(output)
    try:
        path.write_bytes(content)
    except OSError as exc:
        raise ActionplanError(f"Cannot write {output}: {exc.strerror}") from exc
    bar.step("written")
    return path


def register(commands, setup) -> None:
    report = commands.add_parser("report", help="generate reports")
    kinds = report.add_subparsers(dest="report", required=True, metavar="REPORT")
    memo = kinds.add_parser("memo", help="the status memo of a round")
    memo.add_argument("--plan", required=True, help="slug of the plan")
    memo.add_argument("--round", required=True, help="name or slug of the status round")
    memo.add_argument("--format", required=True, choices=FORMATS)
    memo.add_argument("-o", "--output", required=True, help="file to write")

    def run(args: argparse.Namespace) -> None:
        setup()
        path = write_memo(args.plan, args.round, args.format, args.output)
        print(f"Wrote {path} ({path.stat().st_size} bytes).")

    memo.set_defaults(func=run)
