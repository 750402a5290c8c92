"""`actionplan privacy export|erase|retention`: the rights of contact persons and users."""

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path


def _write_private(path: str, text: str) -> None:
    from actionplan.core.errors import ActionplanError

    try:
        # Personal data: readable by the owner only.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise ActionplanError(f"Cannot write {path}: {exc.strerror}") from exc


def cmd_export(args: argparse.Namespace) -> None:
    from actionplan.core.services import system
    from actionplan.privacy.services import person_export

    document = person_export(actor=system("command line"), email=args.email)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if args.output:
        _write_private(args.output, text)
        print(
            f"Wrote {Path(args.output)}: {len(document['contacts'])} contact records, "
            f"{len(document['users'])} user accounts, "
            f"{len(document['audit_events'])} audit events."
        )
    else:
        sys.stdout.write(text)


def _confirmed(question: str) -> bool:
    if not sys.stdin.isatty():
        return False
    return input(f"{question} Type yes to continue: ").strip().lower() == "yes"


def cmd_erase(args: argparse.Namespace) -> None:
    from actionplan.core.errors import ActionplanError
    from actionplan.core.services import system
    from actionplan.privacy.services import erasure_plan, person_erase

    plan = erasure_plan(
        actor=system("command line"), email=args.email, legal_basis=args.legal_basis
    )
    summary = (
        f"{len(plan.anonymise)} contact records to anonymise, "
        f"{len(plan.keep)} to keep under a legal basis (e-mail and phone removed), "
        f"{len(plan.users)} user accounts to deactivate, "
        f"{len(plan.attachments)} files with personal data to remove"
    )
    if plan.mentions:
        summary += f", {sum(plan.mentions.values())} free texts naming the person to redact"
    if not args.yes and not _confirmed(f"Erase {plan.email}: {summary}."):
        raise ActionplanError("Nothing was erased: confirm with --yes.")
    done = person_erase(
        actor=system("command line"), email=args.email, legal_basis=args.legal_basis
    )
    print(f"Erased {plan.email}: {summary}; the audit trail is redacted.")
    if done.mentions:
        print("Redacted in free text (rows per table and field):")
        for where, count in sorted(done.mentions.items()):
            print(f"  {where}: {count}")


def cmd_retention(args: argparse.Namespace) -> None:
    from actionplan.core.services import system
    from actionplan.privacy.services import retention_run

    result = retention_run(actor=system("retention"))
    if result.anonymised:
        per_project = Counter(c.project.title for c in result.anonymised)
        print(
            f"Anonymised {len(result.anonymised)} contact persons "
            f"({result.days} days after the end of a closed project):"
        )
        for title, count in sorted(per_project.items()):
            print(f"  {title}: {count}")
    else:
        print(f"No contact persons are due ({result.days} days after the end of a closed project).")
    for project in result.closed_without_end:
        print(f"  Not applied: '{project.title}' is closed but has no end date.")


def register(commands, setup) -> None:
    privacy = commands.add_parser("privacy", help="personal data: export, erase, retention")
    sub = privacy.add_subparsers(dest="privacy_command", required=True, metavar="ACTION")

    def run(func):
        def wrapped(args: argparse.Namespace) -> None:
            setup()
            func(args)

        return wrapped

    export = sub.add_parser("export", help="everything about one person, as JSON")
    export.add_argument("email")
    export.add_argument("-o", "--output", help="file to write (default: standard output)")
    export.set_defaults(func=run(cmd_export))

    erase = sub.add_parser("erase", help="anonymise one person everywhere")
    erase.add_argument("email")
    erase.add_argument("--legal-basis", default="", help="why records must be kept, if they must")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.set_defaults(func=run(cmd_erase))

    sub.add_parser(
        "retention", help="anonymise contacts of projects closed longer than the retention time"
    ).set_defaults(func=run(cmd_retention))
