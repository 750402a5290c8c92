"""`actionplan notices digest`: the daily digest mails (for a scheduler). No Django imports at
module level: the CLI imports this before setting up Django."""

import argparse


def register(commands, setup) -> None:
    notices = commands.add_parser("notices", help="notices to users")
    actions = notices.add_subparsers(dest="notices_command", required=True, metavar="ACTION")
    digest = actions.add_parser(
        "digest",
        help="e-mail each user their digest notices (daily), and retry mails that failed",
    )

    def run(args: argparse.Namespace) -> None:
        setup()
        from actionplan.notices.services import digest_send

        sent = digest_send()
        print(f"Sent {sent} e-mail(s).")

    digest.set_defaults(func=run)
