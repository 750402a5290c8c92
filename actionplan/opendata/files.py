"""The full open-data downloads (every published plan and project: JSON, the CSV tables,
XLSX, IATI) kept as files and rebuilt by a job after changes, never built per request.

A file goes through Django's storage API (STORAGES["default"]; the file system by default).
A build writes into a temporary file, then stores it under a new name nobody reads yet (on
the file system a rename into place), and switches the download's StoredFile row to it in
the transaction that finishes the job: a reader gets the whole previous file or the whole
new one, and a failed or killed build leaves the previous one served.

Every row records the data version its file was built from: the newest audit event
(core.version without its cache generation, which differs between processes that keep no
shared cache; so a transaction that commits after a later-begun one, with the smaller
event id, is in the files from the next change on). When the data has changed since,
the previous file is served and one rebuild is started (jobs with the same kind and key
are one job: "<format>:<version>"); when no file is there yet, the answer is 503 with
Retry-After. Files no row names any more are pruned an hour after they were written (a
reader may still be sending one).
"""

import datetime as dt
import hashlib
import logging
import secrets
import shutil
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _

from actionplan.core.services import system
from actionplan.core.version import data_version
from actionplan.jobs.models import Job

from .models import StoredFile
from .tables import TABLES

logger = logging.getLogger(__name__)

FOLDER = "opendata"
RETRY_AFTER_SECONDS = 30
# A build that failed is not started again for the same data version before this many
# seconds, so that every request of a broken export does not start one more.
FAILED_PAUSE_SECONDS = 300
# A file no row names any more is kept this long after it was written.
PRUNE_AFTER_SECONDS = 3600
CACHE_CONTROL = "public, no-cache"
LOCK_CLASS = 0x4F44  # pg_advisory_xact_lock(LOCK_CLASS, key): "OD"

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Download:
    name: str  # the public name: alle.json, alle/<table>.csv ...
    fmt: str  # the build (job) that makes it: json, csv, xlsx or iati
    content_type: str
    filename: str  # Content-Disposition


DOWNLOADS: dict[str, Download] = {
    d.name: d
    for d in (
        Download("alle.json", "json", "application/json; charset=utf-8", "alle.json"),
        Download("alle.xlsx", "xlsx", XLSX, "alle.xlsx"),
        Download("alle-iati.xml", "iati", "application/xml; charset=utf-8", "alle-iati.xml"),
        *(
            Download(f"alle/{table}.csv", "csv", "text/csv; charset=utf-8", f"alle-{table}.csv")
            for table in TABLES
        ),
    )
}
FORMATS: dict[str, tuple[str, ...]] = {
    fmt: tuple(d.name for d in DOWNLOADS.values() if d.fmt == fmt)
    for fmt in ("json", "csv", "xlsx", "iati")
}


def csv_name(table: str) -> str:
    return f"alle/{table}.csv"


# -- versions and rows ------------------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    token: str  # "<newest audit event id>:<its time>"
    modified: dt.datetime | None


def content_version() -> Version:
    """The data version files are built from and compared with: the newest audit event."""
    version = data_version()
    return Version(token=version.token.rsplit(":", 1)[0], modified=version.modified)


def stored() -> dict[str, StoredFile]:
    """Every stored download by its name (one query)."""
    return {row.name: row for row in StoredFile.objects.all()}


def build_key(fmt: str, token: str) -> str:
    return f"{fmt}:{hashlib.sha256(token.encode()).hexdigest()[:20]}"


def etag(row: StoredFile) -> str:
    return f'"{row.digest[:32]}"'


# -- starting builds ----------------------------------------------------------------------------


def _lock_id(key: str) -> int:
    """The key as a signed 32-bit number for pg_advisory_xact_lock."""
    number = zlib.crc32(key.encode())
    return number - 2**32 if number >= 2**31 else number


def build_start(fmt: str, version: Version, *, lost: str = "") -> Job | None:
    """Start the build of a format for a data version, unless one is waiting, running or
    done for it, or failed for it a short while ago. Returns the job (None when none).
    lost: the storage name of a file that went missing (a build of its own)."""
    from actionplan.jobs.services import JobNotStarted, job_start

    key = build_key(fmt, f"{version.token}|{lost}" if lost else version.token)
    jobs = Job.objects.filter(kind=Job.Kind.EXPORT, key=key)
    pause = timezone.now() - dt.timedelta(seconds=FAILED_PAUSE_SECONDS)
    if jobs.filter(state=Job.State.FAILED, finished__gt=pause).exists():
        return None
    try:
        with transaction.atomic():
            # Two requests at once must not both get past job_start's look for the key:
            # on PostgreSQL they wait for each other here; SQLite's transactions take the
            # write lock when they begin.
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_CLASS, _lock_id(key)]
                    )
            return job_start(
                actor=system("open data"),
                kind=Job.Kind.EXPORT,
                key=key,
                params={"format": fmt, "version": version.token},
            )
    except JobNotStarted as exc:
        logger.error("the %s export could not be started: %s", fmt, exc)
        return None


def refresh(version: Version | None = None, rows: dict[str, StoredFile] | None = None) -> list[Job]:
    """Start the builds whose files are missing or older than the data (the periodic task,
    and the catalogue)."""
    version = version or content_version()
    rows = stored() if rows is None else rows
    jobs = []
    for fmt, names in FORMATS.items():
        if all(name in rows and rows[name].version == version.token for name in names):
            continue
        job = build_start(fmt, version)
        if job is not None:
            jobs.append(job)
    return jobs


# -- serving ------------------------------------------------------------------------------------


def serve(request: HttpRequest, name: str) -> HttpResponse:
    """The stored file of a download, 304 when the caller's copy is current; when it is
    older than the data, the stored one all the same and one rebuild; none yet: 503."""
    download = DOWNLOADS[name]
    version = content_version()
    row = StoredFile.objects.filter(name=name).first()
    if row is None or row.version != version.token:
        row = _rebuilt(download, version) or row
    if row is not None and not default_storage.exists(row.file.name):
        row = _lost(download, version, row)
    if row is None:
        return building(request)
    not_modified = get_conditional_response(
        request,
        etag=etag(row),
        last_modified=int(row.modified.timestamp()) if row.modified else None,
    )
    if not_modified is not None:
        return _stamp(not_modified, row)
    response = FileResponse(
        row.file.open("rb"),
        as_attachment=True,
        filename=download.filename,
        content_type=download.content_type,
    )
    response["Content-Length"] = str(row.size)
    response["Access-Control-Allow-Origin"] = "*"
    return _stamp(response, row)


def _rebuilt(download: Download, version: Version, lost: str = "") -> StoredFile | None:
    """Start the download's build; the new row when the runner ran it in the caller."""
    job = build_start(download.fmt, version, lost=lost)
    if job is not None and job.state == Job.State.DONE:
        return StoredFile.objects.filter(name=download.name).first()
    return None


def _lost(download: Download, version: Version, row: StoredFile) -> StoredFile | None:
    """A row whose file is gone from storage (a storage wiped or restored without it): the
    format's rows are dropped, so that its build is not skipped, and it is built again."""
    logger.error("the stored file %s of %s is missing; building it again", row.file.name, row.name)
    StoredFile.objects.filter(name__in=FORMATS[download.fmt]).delete()
    return _rebuilt(download, version, lost=row.file.name)


def _stamp(response: HttpResponse, row: StoredFile) -> HttpResponse:
    response["ETag"] = etag(row)
    if row.modified:
        response["Last-Modified"] = http_date(row.modified.timestamp())
    response["Cache-Control"] = CACHE_CONTROL
    return response


def building(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "opendata/building.html",
        {"nav": "data", "seconds": RETRY_AFTER_SECONDS},
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


# -- building -----------------------------------------------------------------------------------


class _Hashing:
    """A binary file that keeps the SHA-256 and the length of what is written to it."""

    def __init__(self, handle: BinaryIO):
        self.handle = handle
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        self.size += len(data)
        return self.handle.write(data)

    def flush(self) -> None:
        self.handle.flush()


class _Built(File):
    """A finished local file: FileSystemStorage moves it into place (a rename when it is on
    the same file system) instead of copying it."""

    def temporary_file_path(self) -> str:
        return self.file.name


Progress = Callable[[str, int, int | None], None]


def _write(fmt: str, outputs: dict[str, _Hashing], progress: Progress | None) -> None:
    from . import csv_export, iati, stream, xlsx_export

    if fmt == "json":
        stream.write_json(outputs["alle.json"], progress=progress)
    elif fmt == "xlsx":
        xlsx_export.write_xlsx(outputs["alle.xlsx"], None, progress=progress)  # type: ignore[arg-type]
    elif fmt == "iati":
        base = settings.ACTIONPLAN_BASE_URL.rstrip("/")
        output = outputs["alle-iati.xml"]
        for piece in iati.iter_iati(
            None,
            plan_url=lambda p: base + reverse("portal:plan", args=[p.slug]),
            progress=progress,
        ):
            output.write(piece)
    else:
        csv_export.write_tables(
            {name: outputs[csv_name(name)] for name in TABLES},  # type: ignore[misc]
            None,
            progress=progress,
        )


def _scratch_folder() -> str | None:
    """Where a build writes: beside the stored files when the storage is the file system
    (so that storing it is a rename), else the system's temporary folder."""
    try:
        folder = Path(default_storage.path(f"{FOLDER}/.building"))
    except NotImplementedError:
        return None
    for part in (folder.parent, folder):  # private, as the storage makes its folders
        part.mkdir(mode=0o700, parents=True, exist_ok=True)
    return str(folder)


@contextmanager
def _scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="build-", dir=_scratch_folder()) as folder:
        yield Path(folder)


def _storage_name(name: str, version: Version) -> str:
    stem, _dot, suffix = name.replace("/", "-").rpartition(".")
    tag = hashlib.sha256(version.token.encode()).hexdigest()[:12]
    return f"{FOLDER}/{stem}-{tag}-{secrets.token_hex(4)}.{suffix}"


def build(fmt: str, progress: Progress | None = None, *, on_switch=None) -> list[StoredFile]:
    """Build a format's files from the data as it is now and switch its downloads to them.
    Nothing is built when its files are of the current data version already (a repeated
    or retried job). on_switch() runs inside the switching transaction (the job's "done")."""
    version = content_version()
    rows = StoredFile.objects.filter(name__in=FORMATS[fmt])
    if len(rows) == len(FORMATS[fmt]) and all(r.version == version.token for r in rows):
        if on_switch is not None:
            on_switch()
        return list(rows)
    saved: list[str] = []
    try:
        with _scratch() as folder, ExitStack() as files:
            paths = {name: folder / name.replace("/", "-") for name in FORMATS[fmt]}
            outputs = {
                name: _Hashing(files.enter_context(path.open("wb"))) for name, path in paths.items()
            }
            _write(fmt, outputs, progress)
            files.close()
            if progress is not None:
                progress("writing", 0, None)
            built = timezone.now()
            rows = []
            for name, path in paths.items():
                with path.open("rb") as handle:
                    stored_as = default_storage.save(_storage_name(name, version), _Built(handle))
                saved.append(stored_as)
                rows.append(
                    StoredFile(
                        name=name,
                        file=stored_as,
                        version=version.token,
                        modified=version.modified,
                        size=outputs[name].size,
                        digest=outputs[name].sha.hexdigest(),
                        built=built,
                    )
                )
        with transaction.atomic():
            for row in rows:
                StoredFile.objects.update_or_create(
                    name=row.name,
                    defaults={
                        f: getattr(row, f)
                        for f in ("file", "version", "modified", "size", "digest", "built")
                    },
                )
            if on_switch is not None:
                on_switch()
    except BaseException:
        for name in saved:  # stored but never switched to: nobody reads them
            default_storage.delete(name)
        raise
    prune()
    return rows


def build_job(job: Job, progress: Progress) -> None:
    """The export job's work: build, and finish the job in the switching transaction."""
    from actionplan.jobs.services import Outcome, job_finish

    fmt = job.params["format"]
    if fmt == "csv":
        link = reverse("opendata:csv", kwargs={"table": next(iter(TABLES))})
    else:
        link = reverse(f"opendata:{fmt}")
    build(
        fmt,
        progress,
        on_switch=lambda: job_finish(
            job, Outcome(message=_("The full export is ready."), link=link)
        ),
    )


def prune(*, older_than: float = PRUNE_AFTER_SECONDS) -> int:
    """Remove stored files no download names any more, written more than older_than
    seconds ago. Returns how many."""
    try:
        _folders, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    named = set(StoredFile.objects.values_list("file", flat=True))
    limit = timezone.now() - dt.timedelta(seconds=older_than)
    removed = 0
    for file_name in names:
        path = f"{FOLDER}/{file_name}"
        if path in named:
            continue
        try:
            if default_storage.get_modified_time(path) > limit:
                continue
            default_storage.delete(path)
        except FileNotFoundError:
            continue  # another build's prune took it
        removed += 1
    scratch = _scratch_folder()
    if scratch is not None:  # what a killed build left
        for left in Path(scratch).iterdir():
            if left.stat().st_mtime < limit.timestamp():
                shutil.rmtree(left, ignore_errors=True)
    return removed
