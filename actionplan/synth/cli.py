"""`actionplan synth --projects N [--seed S] [--update-requests U] [--audit-events A]`.
No Django imports at module level: the CLI imports this before setting up Django."""

import argparse
import time
from collections.abc import Callable


def cmd_synth(args: argparse.Namespace) -> None:
    from django.core.management import call_command

    from actionplan.core.progress import ProgressBar
    from actionplan.synth import staff
    from actionplan.synth.generate import generate

    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    counts = {}
    if args.projects:  # 0: only the staff's rows, on the portfolio already there
        counts = generate(
            projects=args.projects, seed=args.seed, progress=ProgressBar(args.projects)
        )
    counts.update(
        staff.extend(
            seed=args.seed,
            update_requests=args.update_requests,
            audit_events_count=args.audit_events,
        )
    )
    seconds = time.perf_counter() - started
    rows = sum(counts.values())
    print(f"Synthetic portfolio (seed {args.seed}): {rows} rows in {seconds:.1f} s")
    for name, count in counts.items():
        print(f"  {count:>10}  {name}")


def register(commands, setup: Callable[..., None]) -> None:
    synth = commands.add_parser("synth", help="add a synthetic portfolio for load tests")
    # --projects 0 adds only the --update-requests and --audit-events to the portfolio there.
    synth.add_argument("--projects", type=int, required=True, metavar="N")
    synth.add_argument("--seed", type=int, default=1, metavar="S")
    synth.add_argument(
        "--update-requests",
        type=int,
        default=0,
        metavar="U",
        help="a national open round asking up to U projects of the biggest plan",
    )
    synth.add_argument(
        "--audit-events", type=int, default=0, metavar="A", help="A audit events over five years"
    )

    def run(args: argparse.Namespace) -> None:
        setup()
        cmd_synth(args)

    synth.set_defaults(func=run)
