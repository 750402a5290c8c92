"""The `actionplan` command line."""

import argparse
import contextlib
import importlib
import os
import secrets
import sys
from pathlib import Path


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _database_path() -> Path | None:
    from django.conf import settings

    db = settings.DATABASES["default"]
    return Path(db["NAME"]) if db["ENGINE"].endswith("sqlite3") else None


def _migrate() -> None:
    from django.core.management import call_command

    path = _database_path()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)


def _kept_secret(name: str, nbytes: int) -> str:
    """A random value made once and kept in the data folder (readable by its owner only), so
    that it stays the same across restarts."""
    from config.paths import data_dir

    path = data_dir() / name
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        value = secrets.token_urlsafe(nbytes)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(value + "\n")
        return value


def cmd_serve(args: argparse.Namespace) -> None:
    # Not DEBUG: a visitor sees the site's own 404 and 500 pages, as in production; the key
    # is one of this installation's own, and WhiteNoise serves the static files.
    if not os.environ.get("ACTIONPLAN_SECRET_KEY"):
        os.environ["ACTIONPLAN_SECRET_KEY"] = _kept_secret("secret-key", 50)
    os.environ.setdefault("ACTIONPLAN_LOG_FORMAT", "plain")
    _setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from actionplan.core.services import system
    from actionplan.demo.loader import load_demo
    from actionplan.plans.models import ActionPlan

    _migrate()
    from django.conf import settings

    if settings.ACTIONPLAN_JOB_RUNNER == "thread":
        # This process runs the jobs itself: any left from its last run will never finish.
        from actionplan.jobs.services import jobs_interrupted

        jobs_interrupted()
    if not ActionPlan.objects.exists():
        print("The database is empty: loading the demo plan ...", flush=True)
        load_demo(actor=system("demo loader"))
    user_model = get_user_model()
    username = os.environ.get("ACTIONPLAN_DEMO_USER", "demo")
    password = os.environ.get("ACTIONPLAN_DEMO_PASSWORD") or _kept_secret("demo-password", 12)
    user, _ = user_model.objects.get_or_create(
        username=username, defaults={"is_staff": True, "is_superuser": True}
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    address = f"{args.host}:{args.port}"
    print(f"actionplan is running at http://{address}/", flush=True)
    print(
        f"Staff login: http://{address}/log-ind/  user: {username}  password: {password}"
        f"  (workspace /arbejdsrum/, admin /admin/)",
        flush=True,
    )
    call_command("runserver", address, use_reloader=False, skip_checks=True)


def cmd_demo(args: argparse.Namespace) -> None:
    _setup()
    from actionplan.core.services import system
    from actionplan.demo.loader import load_demo

    _migrate()
    plan = load_demo(actor=system("demo loader"))
    print(
        f"Loaded the demo plan '{plan.slug}': {plan.themes.count()} themes, "
        f"{plan.focus_areas.count()} focus areas."
    )


def cmd_plans(args: argparse.Namespace) -> None:
    _setup()
    from actionplan.core.errors import EmptyDatabaseError
    from actionplan.plans.selectors import plan_list

    plans = list(plan_list())
    if not plans:
        raise EmptyDatabaseError
    for plan in plans:
        period = f"{plan.period_start:%Y}-{plan.period_end:%Y}"
        print(f"{plan.slug}\t{plan.title}\t{period}\t{plan.organisation}\t{plan.status}")


def _open_output(path: str | None, *, binary: bool = False):
    from actionplan.core.errors import ActionplanError

    if path is None:
        if binary:
            raise ActionplanError("XLSX is binary: name a file with -o.")
        return contextlib.nullcontext(sys.stdout)
    try:
        return open(path, "wb" if binary else "w", encoding=None if binary else "utf-8")
    except OSError as exc:
        raise ActionplanError(f"Cannot write {path}: {exc.strerror}") from exc


def cmd_export(args: argparse.Namespace) -> None:
    _setup()
    from actionplan.core.errors import ActionplanError
    from actionplan.opendata import csv_export, stream, xlsx_export
    from actionplan.opendata.tables import TABLES
    from actionplan.plans.selectors import plan_get, require_plans

    require_plans()
    plan = plan_get(args.plan, published_only=True) if args.plan else None
    if args.plan and plan is None:
        raise ActionplanError(f"No published plan with the slug '{args.plan}'.")
    from actionplan.core.progress import ProgressBar
    from actionplan.jobs.progress import call_with_progress

    bar = ProgressBar(0, unit="pieces")
    if args.format == "xlsx":
        with _open_output(args.output, binary=True) as output:
            call_with_progress(xlsx_export.write_xlsx, bar.stage, output=output, plan=plan)
        return
    if args.format == "csv":
        if args.table not in TABLES:
            names = ", ".join(TABLES)
            raise ActionplanError(f"No table '{args.table}'; choose one of {names}.")
        pieces = csv_export.iter_csv(TABLES[args.table], plan)
    else:
        pieces = stream.iter_json(plan, indent=2)
    with _open_output(args.output) as output:
        for count, piece in enumerate(pieces, 1):
            output.write(piece)
            if count % 1000 == 0:
                bar.stage("writing", count, None)
        if args.format == "json":
            output.write("\n")


def cmd_check(args: argparse.Namespace) -> None:
    _setup()
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    from actionplan.core.errors import ActionplanError

    try:
        call_command("check")
    except SystemCheckError as exc:
        raise ActionplanError(str(exc).strip().splitlines()[0]) from exc
    try:
        call_command("makemigrations", check=True, dry_run=True, verbosity=0)
    except SystemExit as exc:
        raise ActionplanError("The models have changes without migrations.") from exc
    print("Checks passed; migrations are up to date.")


# Apps that add their own subcommands: each module has register(commands, setup).
COMMAND_MODULES: list[str] = [
    "actionplan.privacy.cli",
    "actionplan.core.backup_cli",
    "actionplan.ingest.cli",
    "actionplan.rounds.cli",
    "actionplan.notices.cli",
    "actionplan.reports.cli",
    "actionplan.api.cli",
    "actionplan.synth.cli",
]


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="actionplan", description="Regional development plans, projects and money."
    )
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="migrate, load the demo if empty, and serve")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", default="8000")
    serve.set_defaults(func=cmd_serve)

    commands.add_parser("demo", help="load or reload the demo plan").set_defaults(func=cmd_demo)
    commands.add_parser("plans", help="list every plan, slug first").set_defaults(func=cmd_plans)

    export = commands.add_parser("export", help="export open data")
    export.add_argument("format", choices=["json", "csv", "xlsx"])
    export.add_argument("--plan", help="slug of one plan (default: everything)")
    export.add_argument(
        "--table", default="projekter", help="CSV only: which table (default: projekter)"
    )
    export.add_argument("-o", "--output", help="file to write (default: standard output)")
    export.set_defaults(func=cmd_export)

    commands.add_parser("check", help="Django checks and migrations").set_defaults(func=cmd_check)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(commands, _setup)
    return root


def _unmigrated(exc: Exception) -> bool:
    """A database error from a database that has none of the tables yet."""
    if "django" not in sys.modules:
        return False
    from django.db import DatabaseError, connection

    if not isinstance(exc, DatabaseError):
        return False
    try:
        connection.close()  # a failed transaction would refuse the look below
        return "django_migrations" not in connection.introspection.table_names()
    except DatabaseError:
        return False


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        args.func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from django.core.exceptions import ValidationError

        if isinstance(exc, ValidationError):
            # Only raised once Django is set up (a missing secret key stops it before).
            from actionplan.core.errors import describe

            message = describe(exc)
        elif _unmigrated(exc):
            from actionplan.core.errors import EmptyDatabaseError

            message = str(EmptyDatabaseError())
        else:
            message = str(exc) or type(exc).__name__
        print(f"actionplan: error: {message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
