"""`actionplan rounds remind`: e-mail reminders before a round's deadline (for a scheduler)."""

import argparse
import datetime as dt


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write YYYY-MM-DD.") from None


def register(commands, setup) -> None:
    rounds = commands.add_parser("rounds", help="status rounds")
    actions = rounds.add_subparsers(dest="rounds_command", required=True, metavar="ACTION")
    remind = actions.add_parser(
        "remind", help="e-mail reminders before the deadline, each reminder once"
    )
    remind.add_argument("--today", type=_date, help="the day to act as today (YYYY-MM-DD)")

    def run(args: argparse.Namespace) -> None:
        setup()
        from actionplan.core.services import system
        from actionplan.rounds.services import reminders_send

        sent = reminders_send(actor=system("reminders"), today=args.today)
        print(f"Sent {len(sent)} reminder(s).")

    remind.set_defaults(func=run)
