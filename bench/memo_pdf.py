"""One memo in a fresh process, as the memo job does it: the synthetic plan with the most
updates in a kept SQLite database (see `bench/memo.py --db`), build_memo_live, then the
formats asked for; per step this process's CPU seconds, its peak RSS and the chart child's.

    .venv/bin/python bench/memo_pdf.py /tmp/memo.sqlite3 [pdf,docx,html]
"""

import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(sys.argv[1]).resolve()}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()
    from django.db.models import Count

    from actionplan.reports import charts
    from actionplan.reports.builder import build_memo_live
    from actionplan.reports.formats import FORMATS
    from actionplan.rounds.models import StatusRound

    formats = sys.argv[2].split(",") if len(sys.argv) > 2 else ["pdf"]
    status_round = (
        StatusRound.objects.filter(plan__slug__startswith="s1-", state=StatusRound.State.PUBLISHED)
        .annotate(n=Count("updates"))
        .order_by("-n", "-reference_date")
        .first()
    )

    def rss() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    cpu = time.process_time()
    memo = build_memo_live(status_round)
    print(f"build {time.process_time() - cpu:.2f} CPU s, max RSS {rss():.0f} MB", flush=True)
    for fmt in formats:
        cpu, seen = time.process_time(), len(charts.reports)
        content = FORMATS[fmt].render(memo)
        children = charts.reports[seen:]
        child = ""
        if children:
            last = children[-1]
            child = f"; chart child {last['cpu_s']:.2f} CPU s, peak {last['peak_rss_mb']:.0f} MB"
        print(
            f"{fmt} {time.process_time() - cpu:.2f} CPU s, max RSS {rss():.0f} MB, "
            f"{len(content) / 2**20:.2f} MB{child}",
            flush=True,
        )


if __name__ == "__main__":
    main()
