"""Backups that prove themselves: every backup has a manifest with each table's row count and
checksum, and a restore is checked against it.

PostgreSQL: pg_dump -Fc / pg_restore, with the checksums read in the same snapshot the dump
is taken from. SQLite: the sqlite3 backup API, with the checksums read from the copy.
The manifest sits next to the backup: FILE.manifest.json.

Uploaded files (attachments) live in Django's storage, not in the database: every file in the
default storage is copied into FILE.files.tar next to the backup, with its size and checksum in
the manifest, and a restore puts each one back through the storage and verifies it.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404: runs pg_dump/pg_restore with an argument list, no shell
import tarfile
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.utils import timezone

from .errors import ActionplanError
from .l10n import format_number

MANIFEST_FORMAT = 1
SQLITE, POSTGRESQL = "sqlite", "postgresql"


def default_database() -> dict[str, Any]:
    return dict(settings.DATABASES["default"])


def engine_of(database: dict[str, Any]) -> str:
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        return SQLITE
    if "postgresql" in engine:
        return POSTGRESQL
    raise ActionplanError(f"Backups support SQLite and PostgreSQL, not {engine}.")


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".manifest.json")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# -- checksums -----------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return "hex:" + bytes(value).hex()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _row_bytes(row: Iterable[Any]) -> bytes:
    text = json.dumps(
        [_plain(v) for v in row],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return text.encode() + b"\n"


def _checksum(cursor, quoted_table: str, order_by: list[str]) -> dict[str, Any]:
    order = ", ".join(order_by)
    # Table and column names come from the database catalogue, never from input.
    cursor.execute(f"SELECT * FROM {quoted_table} ORDER BY {order}")  # noqa: S608  # nosec B608
    digest = hashlib.sha256()
    rows = 0
    while batch := cursor.fetchmany(2000):
        for row in batch:
            digest.update(_row_bytes(row))
            rows += 1
    return {"rows": rows, "sha256": digest.hexdigest()}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_checksums(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    cursor = conn.cursor()
    tables = [
        row[0]
        for row in cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        ).fetchall()
    ]
    result = {}
    for table in tables:
        info = cursor.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
        pk = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5] > 0]
        order = [_quote(c) for c in pk] or [str(i + 1) for i in range(len(info))]
        result[table] = _checksum(cursor, _quote(table), order)
    return result


def _postgres_checksums(cursor) -> dict[str, dict[str, Any]]:
    cursor.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
    tables = [row[0] for row in cursor.fetchall()]
    result = {}
    for table in tables:
        cursor.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
            "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
            "WHERE i.indrelid = %s::regclass AND i.indisprimary "
            "ORDER BY array_position(i.indkey, a.attnum)",
            [_quote(table)],
        )
        pk = [row[0] for row in cursor.fetchall()]
        if not pk:
            cursor.execute(
                "SELECT count(*) FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = %s",
                [table],
            )
            pk_order = [str(i + 1) for i in range(cursor.fetchone()[0])]
        else:
            pk_order = [_quote(c) for c in pk]
        result[table] = _checksum(cursor, _quote(table), pk_order)
    return result


# -- connections ---------------------------------------------------------------------------


def _pg_params(database: dict[str, Any]) -> dict[str, Any]:
    params = {"dbname": database["NAME"], "user": database.get("USER") or None}
    if database.get("PASSWORD"):
        params["password"] = database["PASSWORD"]
    if database.get("HOST"):
        params["host"] = database["HOST"]
    if database.get("PORT"):
        params["port"] = str(database["PORT"])
    for key in ("sslmode", "sslrootcert", "sslcert", "sslkey"):
        if key in database.get("OPTIONS", {}):
            params[key] = database["OPTIONS"][key]
    return {k: v for k, v in params.items() if v is not None}


def _pg_command(binary: str, database: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    path = shutil.which(binary)
    if path is None:
        raise ActionplanError(f"{binary} is not installed (PostgreSQL client tools).")
    params = _pg_params(database)
    args = [path, "--no-password"]
    for flag, key in (("--host", "host"), ("--port", "port"), ("--username", "user")):
        if key in params:
            args.append(f"{flag}={params[key]}")
    env = dict(os.environ)
    # The password goes through the environment, never the command line others can read.
    for env_name, key in (
        ("PGPASSWORD", "password"),
        ("PGSSLMODE", "sslmode"),
        ("PGSSLROOTCERT", "sslrootcert"),
        ("PGSSLCERT", "sslcert"),
        ("PGSSLKEY", "sslkey"),
    ):
        if key in params:
            env[env_name] = params[key]
    return args, env


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        message = lines[-1] if lines else f"exit status {done.returncode}"
        raise ActionplanError(f"{Path(args[0]).name} failed: {message}")


def _pg_connect(database: dict[str, Any]):
    import psycopg

    try:
        return psycopg.connect(**_pg_params(database))
    except psycopg.Error as exc:
        raise ActionplanError(f"Cannot connect to the database: {exc}".strip()) from exc


# -- backup --------------------------------------------------------------------------------


@dataclass
class Backup:
    path: Path
    manifest_path: Path
    manifest: dict[str, Any]


def default_path(database: dict[str, Any]) -> Path:
    suffix = "sqlite3" if engine_of(database) == SQLITE else "pgdump"
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.DATA_DIR) / "backups" / f"actionplan-{stamp}.{suffix}"


def _private_file(path: Path) -> None:
    # A backup holds personal data: owner only.
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)


def backup(
    path: Path | str | None = None,
    *,
    database: dict[str, Any] | None = None,
    storage: Storage | None = None,
) -> Backup:
    """Write a backup and its manifest; returns where they went."""
    database = database or default_database()
    engine = engine_of(database)
    path = Path(path) if path else default_path(database)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    part = path.with_name(path.name + ".part")
    part.unlink(missing_ok=True)
    _private_file(part)
    try:
        if engine == SQLITE:
            tables = _sqlite_backup(database, part)
        else:
            tables = _postgres_backup(database, part)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    part.replace(path)
    manifest = {
        "format": MANIFEST_FORMAT,
        "created_at": timezone.now().isoformat(),
        "engine": engine,
        "database": str(database["NAME"]),
        "file": path.name,
        "file_sha256": file_sha256(path),
        "tables": tables,
        "files": _files_backup(files_path(path), storage or default_storage),
    }
    target = manifest_path(path)
    _private_file(target)
    target.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return Backup(path, target, manifest)


# -- uploaded files -------------------------------------------------------------------------


def files_path(path: Path) -> Path:
    return path.with_name(path.name + ".files.tar")


def storage_names(storage: Storage, folder: str = "") -> list[str]:
    """Every file in the storage, as the names the storage knows them by."""
    directories, files = storage.listdir(folder) if storage.exists(folder or ".") else ([], [])
    names = [f"{folder}/{name}" if folder else name for name in files]
    for directory in directories:
        names += storage_names(storage, f"{folder}/{directory}" if folder else directory)
    return sorted(names)


def _sha256_of(handle) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


def _files_backup(target: Path, storage: Storage) -> dict[str, Any]:
    part = target.with_name(target.name + ".part")
    part.unlink(missing_ok=True)
    _private_file(part)
    entries: dict[str, dict[str, Any]] = {}
    try:
        with tarfile.open(part, "w") as archive:
            for name in storage_names(storage):
                with storage.open(name, "rb") as handle:
                    digest = _sha256_of(handle)
                    size = handle.tell()
                    handle.seek(0)
                    info = tarfile.TarInfo(name)
                    info.size = size
                    info.mode = 0o600
                    archive.addfile(info, handle)
                entries[name] = {"size": size, "sha256": digest}
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    part.replace(target)
    return {"archive": target.name, "archive_sha256": file_sha256(target), "entries": entries}


@dataclass
class FileResult:
    name: str
    ok: bool


def _safe_member(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts


def _files_archive(path: Path, files: dict[str, Any]) -> Path:
    archive_path = path.with_name(files["archive"])
    if not archive_path.is_file():
        raise ActionplanError(f"The files of the backup are missing: no {archive_path}.")
    if file_sha256(archive_path) != files["archive_sha256"]:
        raise ActionplanError(f"{archive_path} does not match its manifest (damaged?).")
    return archive_path


def _files_restore(path: Path, files: dict[str, Any], storage: Storage) -> list[FileResult]:
    archive_path = _files_archive(path, files)
    results = []
    with tarfile.open(archive_path, "r") as archive:
        for member in archive.getmembers():
            expected = files["entries"].get(member.name)
            if expected is None or not member.isfile() or not _safe_member(member.name):
                raise ActionplanError(f"{archive_path} holds {member.name}, not in its manifest.")
            handle = archive.extractfile(member)
            if storage.exists(member.name):
                storage.delete(member.name)
            saved = storage.save(member.name, File(handle, name=member.name))
            with storage.open(saved, "rb") as check:
                ok = saved == member.name and _sha256_of(check) == expected["sha256"]
            results.append(FileResult(member.name, ok))
    missing = set(files["entries"]) - {r.name for r in results}
    results += [FileResult(name, False) for name in sorted(missing)]
    return results


def _sqlite_backup(database: dict[str, Any], part: Path) -> dict[str, dict[str, Any]]:
    source_path = Path(database["NAME"])
    if not source_path.exists():
        raise ActionplanError(f"The database file {source_path} does not exist.")
    source = sqlite3.connect(source_path)
    copy = sqlite3.connect(part)
    try:
        source.backup(copy)
        # Checksums from the copy itself: what the manifest describes is what was written.
        return _sqlite_checksums(copy)
    finally:
        copy.close()
        source.close()


def _postgres_backup(database: dict[str, Any], part: Path) -> dict[str, dict[str, Any]]:
    import psycopg

    args, env = _pg_command("pg_dump", database)
    with _pg_connect(database) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            # pg_dump reads the snapshot this transaction holds, so the dump and the
            # checksums below see the same rows even while the application writes.
            _run(
                [
                    *args,
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--file={part}",
                    f"--dbname={database['NAME']}",
                ],
                env,
            )
            tables = _postgres_checksums(cursor)
        conn.rollback()
    return tables


# -- restore and verification --------------------------------------------------------------


@dataclass
class TableResult:
    table: str
    expected_rows: int | None
    actual_rows: int | None
    checksum_ok: bool

    @property
    def ok(self) -> bool:
        return self.checksum_ok and self.expected_rows == self.actual_rows


@dataclass
class Verification:
    tables: list[TableResult]
    files: list[FileResult] | None = None  # one per restored file; None: none in the backup

    @property
    def ok(self) -> bool:
        return all(t.ok for t in self.tables) and all(f.ok for f in self.files or [])

    @property
    def failed_files(self) -> list[FileResult]:
        return [f for f in self.files or [] if not f.ok]

    @property
    def failures(self) -> list[TableResult]:
        return [t for t in self.tables if not t.ok]

    def lines(self) -> list[str]:
        width = max([len("table"), *(len(t.table) for t in self.tables)])

        def count(n: int | None) -> str:
            return "-" if n is None else format_number(n, places=0)

        out = [f"{'table':<{width}}  {'backup':>9}  {'restored':>9}  result"]
        for t in self.tables:
            if t.ok:
                result = "ok"
            elif t.expected_rows is None:
                result = "NOT IN BACKUP"
            elif t.actual_rows is None:
                result = "MISSING"
            elif t.expected_rows != t.actual_rows:
                result = "ROW COUNT DIFFERS"
            else:
                result = "CHECKSUM DIFFERS"
            out.append(
                f"{t.table:<{width}}  {count(t.expected_rows):>9}  "
                f"{count(t.actual_rows):>9}  {result}"
            )
        if self.files is not None:
            failed = self.failed_files
            out.append(
                f"files: {len(self.files) - len(failed)} of {len(self.files)} restored and verified"
                + (f"; DIFFERENT: {', '.join(f.name for f in failed)}" if failed else "")
            )
        return out


def read_manifest(path: Path | str) -> dict[str, Any]:
    path = Path(path)
    if not path.is_file():
        raise ActionplanError(f"No backup file {path}.")
    target = manifest_path(path)
    try:
        manifest = json.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ActionplanError(f"No manifest {target} next to the backup.") from exc
    except ValueError as exc:
        raise ActionplanError(f"The manifest {target} is not valid JSON.") from exc
    if manifest.get("format") != MANIFEST_FORMAT or "tables" not in manifest:
        raise ActionplanError(f"The manifest {target} is not an actionplan backup manifest.")
    return manifest


def checksums(database: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """Row count and checksum of every table in the database as it is now."""
    database = database or default_database()
    if engine_of(database) == SQLITE:
        conn = sqlite3.connect(database["NAME"])
        try:
            return _sqlite_checksums(conn)
        finally:
            conn.close()
    with _pg_connect(database) as conn, conn.cursor() as cursor:
        tables = _postgres_checksums(cursor)
        conn.rollback()
    return tables


def verify(manifest: dict[str, Any], database: dict[str, Any] | None = None) -> Verification:
    actual = checksums(database)
    expected = manifest["tables"]
    results = []
    for table in sorted(set(expected) | set(actual)):
        want, have = expected.get(table), actual.get(table)
        results.append(
            TableResult(
                table=table,
                expected_rows=want["rows"] if want else None,
                actual_rows=have["rows"] if have else None,
                checksum_ok=bool(want and have and want["sha256"] == have["sha256"]),
            )
        )
    return Verification(results)


def restore(
    path: Path | str,
    *,
    database: dict[str, Any] | None = None,
    storage: Storage | None = None,
) -> Verification:
    """Replace the database's contents with the backup, then verify them against the manifest.
    The caller closes its own connections to the database first."""
    database = database or default_database()
    path = Path(path)
    manifest = read_manifest(path)
    engine = engine_of(database)
    if manifest.get("engine") != engine:
        raise ActionplanError(
            f"The backup is from {manifest.get('engine')}; this installation uses {engine}."
        )
    if file_sha256(path) != manifest.get("file_sha256"):
        raise ActionplanError(f"The backup file {path} does not match its manifest (damaged?).")
    if "files" in manifest:
        _files_archive(path, manifest["files"])  # checked before anything is replaced
    if engine == SQLITE:
        source = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
        target = sqlite3.connect(database["NAME"])
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        args, env = _pg_command("pg_restore", database)
        _run(
            [
                *args,
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--no-owner",
                f"--dbname={database['NAME']}",
                str(path),
            ],
            env,
        )
    result = verify(manifest, database)
    if "files" in manifest:
        result.files = _files_restore(path, manifest["files"], storage or default_storage)
    return result
