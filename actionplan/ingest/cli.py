"""`actionplan ingest projects|plan|memo FILE`: read, show what was found and every doubt,
ask, commit. No Django imports at module level: the CLI imports this before setting up Django.
"""

import argparse
import sys
from collections.abc import Callable
from decimal import Decimal


def _cli_actor():
    """The command line acts as the installation itself (an explicit system actor)."""
    from actionplan.core.services import system

    return system("command line")


def _confirm(args: argparse.Namespace, question: str) -> bool:
    if args.yes:
        return True
    print(f"{question} [y/N] ", end="", flush=True)
    answer = sys.stdin.readline().strip().lower()
    return answer in {"y", "yes", "j", "ja"}


def _rate(text: str | None) -> "Decimal | None":
    if text is None:
        return None
    from actionplan.core.l10n import parse_number

    try:
        return parse_number(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--rate {text} is not a number") from None


def cmd_projects(args: argparse.Namespace) -> None:
    from pathlib import Path

    from django.utils.text import slugify

    from actionplan.core.l10n import format_dkk
    from actionplan.ingest import spreadsheets
    from actionplan.ingest.errors import IngestError
    from actionplan.ingest.safety import read_path
    from actionplan.ingest.tables import read_table

    upload = read_path(args.file)
    table = read_table(upload)
    overrides = {}
    for item in args.map or []:
        field, sep, header = item.partition("=")
        if not sep:
            raise IngestError(f"--map {item}: write FIELD=Header (or FIELD= to drop a field).")
        overrides[field.strip()] = header.strip()
    name = args.mapping or slugify(Path(upload.name).stem)[:100]
    mapping = spreadsheets.mapping_for(table, name, overrides)
    if args.fund:
        mapping.options["fund"] = args.fund
    print(f"{upload.name}: {len(table.rows)} rows, {len(table.headers)} columns")
    print(f"Column mapping '{mapping.name}':")
    for field in spreadsheets.FIELDS:
        print(f"  {field:12} <- {mapping.columns.get(field, '(none)')}")
    unused = [h for h in table.headers if h not in mapping.columns.values()]
    if unused:
        print("  not imported: " + "; ".join(unused))
    rows = spreadsheets.rows_parse(
        table, mapping, currency=args.currency or "DKK", rate=_rate(args.rate)
    )
    budget = sum((r.budget or 0 for r in rows), Decimal(0))
    eu = sum((r.eu_funding or 0 for r in rows), Decimal(0))
    print(f"{len(rows)} projects; budgets {format_dkk(budget)}; EU co-funding {format_dkk(eu)}")
    if not _confirm(args, "Import them and save the column mapping?"):
        print("Nothing imported.")
        return
    spreadsheets.mapping_save(actor=_cli_actor(), mapping=mapping)
    problems, missing = spreadsheets.projects_check(
        rows, file=upload.name, create_focus_areas=args.create_focus_areas
    )
    if missing:
        verb = "will be created" if args.create_focus_areas else "do not exist"
        print(f"Focus areas that {verb}: " + "; ".join(missing))
    if problems:
        raise spreadsheets.SheetErrors(problems, file=upload.name)
    from actionplan.core.progress import ProgressBar

    result = spreadsheets.projects_import(
        actor=_cli_actor(),
        file=upload.name,
        rows=rows,
        publish=args.publish,
        create_focus_areas=args.create_focus_areas,
        progress=ProgressBar(len(rows), unit="rows").stage,
    )
    print(
        f"Imported {result.rows} rows: {result.created} new, {result.updated} updated, "
        f"{result.unchanged} unchanged; {result.organisations_created} new organisations, "
        f"{result.grants_created} grants."
    )


def cmd_template(args: argparse.Namespace) -> None:
    from pathlib import Path

    from actionplan.ingest import spreadsheets

    path = Path(args.output)
    kind = path.suffix.lstrip(".").lower()
    path.write_bytes(spreadsheets.template(kind))
    print(f"Wrote the template {path} ({kind.upper()}, Danish headers).")


def _print_doubts(doubts: list) -> None:
    if not doubts:
        print("No doubts.")
        return
    print(f"{len(doubts)} doubt(s):")
    for doubt in doubts:
        print(f"  ? {doubt}")


def cmd_plan(args: argparse.Namespace) -> None:
    from actionplan.ingest import services
    from actionplan.ingest.safety import read_path

    upload = read_path(args.file)
    organisation = None
    if args.organisation:
        organisation = services.organisation_find(args.organisation)
        if organisation is None:
            if not _confirm(args, f"No organisation “{args.organisation}”. Create it?"):
                print("Nothing read: say an existing organisation (actionplan organisations).")
                return
            organisation, _created = services.organisation_get_or_create(
                actor=_cli_actor(), name_or_slug=args.organisation
            )
            print(f"Created organisation '{organisation.name}' ({organisation.slug}).")
    draft = services.plan_draft_create(actor=_cli_actor(), upload=upload, organisation=organisation)
    print(services.plan_summary(draft))
    _print_doubts(draft.doubts)
    print(f"Draft #{draft.pk} saved.")
    if not _confirm(args, "Commit the plan?"):
        print("Not committed; the draft is kept for review.")
        return
    plan = services.plan_draft_commit(actor=_cli_actor(), draft=draft, slug=args.slug)
    print(f"Committed plan '{plan.slug}' (draft status).")


def cmd_memo(args: argparse.Namespace) -> None:
    from actionplan.ingest import services
    from actionplan.ingest.safety import read_path

    upload = read_path(args.file)
    draft = services.memo_draft_create(
        actor=_cli_actor(), upload=upload, plan_slug=args.plan, round_name=args.round
    )
    print(services.memo_summary(draft))
    _print_doubts(draft.doubts)
    print(f"Draft #{draft.pk} saved.")
    if not _confirm(args, "Commit the status round?"):
        print("Not committed; the draft is kept for review.")
        return
    missing = services.memo_sources_missing(draft)
    create = bool(args.create_sources)
    if missing and not create:
        create = _confirm(args, f"Create the funding source(s) {', '.join(missing)}?")
        if not create:
            print("Not committed: the grants need these funding sources. The draft is kept.")
            return
    status_round = services.memo_draft_commit(
        actor=_cli_actor(), draft=draft, create_sources=create
    )
    print(f"Committed round '{status_round.slug}'.")


def cmd_organisations(args: argparse.Namespace) -> None:
    from actionplan.ingest import services
    from actionplan.organisations.models import Organisation

    if args.action in {"create", "add"}:
        if not args.name:
            raise SystemExit("actionplan organisations create NAME [--kind KIND] [--slug SLUG]")
        name = " ".join(args.name)
        if args.slug and services.organisation_find(name) is None:
            from actionplan.organisations.services import organisation_create

            organisation = organisation_create(
                actor=_cli_actor(), name=name, slug=args.slug, kind=args.kind
            )
            print(f"Created {organisation.slug}  {organisation.name} ({organisation.kind})")
            return
        organisation, created = services.organisation_get_or_create(
            actor=_cli_actor(), name_or_slug=name, kind=args.kind
        )
        verb = "Created" if created else "Exists already:"
        print(f"{verb} {organisation.slug}  {organisation.name} ({organisation.kind})")
        return
    if args.action == "labels":
        _labels(args)
        return
    for organisation in Organisation.objects.order_by("name"):
        print(f"{organisation.slug:40} {organisation.name} ({organisation.kind})")


def _labels(args: argparse.Namespace) -> None:
    """Show or extend an organisation's own section labels."""
    from actionplan.ingest import services
    from actionplan.ingest.models import RoleLabel
    from actionplan.ingest.roles import DEFAULT_LABELS

    if not args.name:
        raise SystemExit("actionplan organisations labels ORGANISATION [--add ROLE=LABEL]")
    organisation = services.organisation_find(" ".join(args.name))
    if organisation is None:
        raise SystemExit(f"No organisation “{' '.join(args.name)}”.")
    for item in args.add or []:
        role, sep, label = item.partition("=")
        if not sep or role.strip() not in DEFAULT_LABELS:
            raise SystemExit(
                f"--add {item}: write ROLE=LABEL, ROLE one of {', '.join(DEFAULT_LABELS)}"
            )
        services.role_label_create(
            actor=_cli_actor(), organisation=organisation, role=role.strip(), label=label
        )
    for item in args.remove or []:
        for label in RoleLabel.objects.filter(organisation=organisation, label=item.strip()):
            services.role_label_delete(actor=_cli_actor(), label=label)
    own = services.labels_for(organisation)
    for role, words in DEFAULT_LABELS.items():
        extra = own.get(role, [])
        print(f"{role:11} {'; '.join(extra) + ' | ' if extra else ''}{'; '.join(words)}")


def register(commands, setup: Callable[..., None]) -> None:
    ingest = commands.add_parser("ingest", help="read plans, status memos and project lists")
    kinds = ingest.add_subparsers(dest="ingest_kind", required=True, metavar="KIND")

    def run(func: Callable[[argparse.Namespace], None]) -> Callable[[argparse.Namespace], None]:
        def wrapper(args: argparse.Namespace) -> None:
            setup()
            func(args)

        return wrapper

    organisations = commands.add_parser(
        "organisations", help="list organisations, create one, or edit its section labels"
    )
    organisations.add_argument(
        "action", nargs="?", default="list", choices=["list", "create", "add", "labels"]
    )
    organisations.add_argument("--slug", help="slug of a new organisation (default: from its name)")
    organisations.add_argument("name", nargs="*", help="name (create) or name/slug (labels)")
    organisations.add_argument(
        "--kind", default="region", help="kind of a new organisation (default: region)"
    )
    organisations.add_argument("--add", action="append", metavar="ROLE=LABEL")
    organisations.add_argument("--remove", action="append", metavar="LABEL")
    organisations.set_defaults(func=run(cmd_organisations))

    projects = kinds.add_parser("projects", help="a project/grant list (CSV, XLSX, JSON)")
    projects.add_argument("file")
    projects.add_argument("--mapping", help="name of a saved column mapping (saved on import)")
    projects.add_argument(
        "--map", action="append", metavar="FIELD=HEADER", help="set or drop one column"
    )
    projects.add_argument("--currency", help="currency of the amounts when not DKK, e.g. SEK")
    projects.add_argument("--rate", help="kroner per unit of --currency, e.g. 0.64")
    projects.add_argument("--fund", choices=["erdf", "esf"], help="EU fund when no column says")
    projects.add_argument(
        "--publish", action="store_true", help="publish the projects on the public portal"
    )
    projects.add_argument(
        "--create-focus-areas",
        action="store_true",
        help="create the focus areas the file names that do not exist",
    )
    projects.add_argument("--yes", action="store_true", help="import without asking")
    projects.set_defaults(func=run(cmd_projects))

    template = kinds.add_parser(
        "template", help="write a project/grant list template (CSV or XLSX, Danish headers)"
    )
    template.add_argument("output", help="file to write: its ending says csv or xlsx")
    template.set_defaults(func=run(cmd_template))

    plan = kinds.add_parser("plan", help="an action plan (TXT, PDF, DOCX) into a draft")
    plan.add_argument("file")
    plan.add_argument(
        "--organisation",
        help="name or slug of the organisation that owns the plan (created if new)",
    )
    plan.add_argument("--slug", help="slug for the new plan (default: from its title)")
    plan.add_argument("--yes", action="store_true", help="commit without asking")
    plan.set_defaults(func=run(cmd_plan))

    memo = kinds.add_parser("memo", help="a status memo (TXT, PDF, DOCX) into a status round")
    memo.add_argument("file")
    memo.add_argument("--plan", required=True, help="slug of the plan the memo reports on")
    memo.add_argument("--round", required=True, help="name of the status round, e.g. 'Status 2021'")
    memo.add_argument(
        "--create-sources",
        action="store_true",
        help="create the regional pool / health funds source when missing",
    )
    memo.add_argument("--yes", action="store_true", help="commit without asking")
    memo.set_defaults(func=run(cmd_memo))
