"""`actionplan backup` and `actionplan restore`."""

import argparse
import sys


def _rows(manifest: dict) -> str:
    from .l10n import format_number

    return format_number(sum(t["rows"] for t in manifest["tables"].values()), places=0)


def cmd_backup(args: argparse.Namespace) -> None:
    from . import backup

    made = backup.backup(args.output)
    manifest = made.manifest
    print(
        f"Backup written to {made.path} ({len(manifest['tables'])} tables, "
        f"{_rows(manifest)} rows); manifest {made.manifest_path}"
    )
    files = manifest["files"]
    print(f"Files: {len(files['entries'])} in {made.path.with_name(files['archive'])}")


def _close_django_connection(database: dict) -> None:
    from django.db import connections

    connection = connections["default"]
    if connection.settings_dict.get("NAME") == database.get("NAME"):
        connection.close()


def cmd_restore(args: argparse.Namespace) -> None:
    from .backup import default_database, read_manifest, restore
    from .errors import ActionplanError

    manifest = read_manifest(args.file)
    database = default_database()
    if not args.yes:
        question = (
            f"Restore {args.file} (made {manifest['created_at']}, {len(manifest['tables'])} "
            f"tables) into {database['NAME']}? Every row there now is replaced."
        )
        if not sys.stdin.isatty() or input(f"{question} Type yes: ").strip().lower() != "yes":
            raise ActionplanError("Nothing was restored: confirm with --yes.")
    _close_django_connection(database)
    result = restore(args.file, database=database)
    print("\n".join(result.lines()))
    if result.failed_files:
        names = ", ".join(f.name for f in result.failed_files)
        raise ActionplanError(
            f"Restore verification failed: {len(result.failed_files)} files differ from the "
            f"backup ({names})."
        )
    if not result.ok:
        names = ", ".join(t.table for t in result.failures)
        raise ActionplanError(
            f"Restore verification failed: {len(result.failures)} tables differ from the "
            f"backup ({names})."
        )
    print(f"Restored and verified {len(result.tables)} tables, {_rows(manifest)} rows.")


def register(commands, setup) -> None:
    def run(func):
        def wrapped(args: argparse.Namespace) -> None:
            setup()
            func(args)

        return wrapped

    backup = commands.add_parser(
        "backup", help="back up the database, with a manifest of row counts and checksums"
    )
    backup.add_argument("-o", "--output", help="file to write (default: DATA_DIR/backups/...)")
    backup.set_defaults(func=run(cmd_backup))

    restore = commands.add_parser(
        "restore", help="replace the database with a backup and verify every table"
    )
    restore.add_argument("file")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(func=run(cmd_restore))
