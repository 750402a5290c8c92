"""The open-data page, the downloads and the DCAT-AP-DK catalogue.

The downloads of everything are files kept by a job and served from storage (opendata.files).
A plan's downloads are built per request: they stream where their exporter streams (JSON,
CSV, IATI), so memory stays flat however many projects there are; XLSX is written to a
spooled temporary file first (a zip needs its directory at the end). Each answers ETag and
Last-Modified, and 304 when the caller's copy is current.
"""

import json
import tempfile
import time
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from actionplan.plans.models import ActionPlan
from actionplan.plans.selectors import published_plans

from . import catalogue, csv_export, files, iati, schemas, stream, xlsx_export
from .http import Validators
from .tables import TABLES, Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SPOOL_BYTES = 8 * 1024 * 1024
# Sizes are keyed on the data version, so an old one is never read; a day keeps the cache small.
SIZE_CACHE_SECONDS = 24 * 3600


def _plan(slug: str | None) -> ActionPlan | None:
    if slug is None:
        return None
    plan = published_plans().filter(slug=slug).first()
    if plan is None:
        raise Http404("No published plan with this slug.")
    return plan


def _filename(plan: ActionPlan | None, suffix: str) -> str:
    return f"{plan.slug if plan else 'alle'}{suffix}"


def _size_key(url: str, token: str) -> str:
    return f"opendata:size:{token}:{url}"


def _counted(pieces: Iterable[bytes], key: str) -> Iterator[bytes]:
    """The pieces as they are; once all are sent, their length is kept under the data version
    for the catalogue's byte sizes."""
    size = 0
    for piece in pieces:
        size += len(piece)
        yield piece
    cache.set(key, size, SIZE_CACHE_SECONDS)


def _send(request, make, *, content_type: str, filename: str, attachment: bool = True):
    validators = Validators(request)
    not_modified = validators.not_modified(request)
    if not_modified is not None:
        return not_modified
    response = make(_size_key(request.build_absolute_uri(request.path), validators.version.token))
    response["Content-Type"] = content_type
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return validators.stamp(response)


def _json_pieces(request, plan: ActionPlan | None) -> Iterator[bytes]:
    return stream.iter_json_bytes(plan, indent=2)


def _csv_pieces(table: Table, plan: ActionPlan | None) -> Iterator[bytes]:
    return (line.encode() for line in csv_export.iter_csv(table, plan))


def _iati_pieces(request, plan: ActionPlan | None) -> Iterable[bytes]:
    return iati.iter_iati(
        plan, plan_url=lambda p: request.build_absolute_uri(reverse("portal:plan", args=[p.slug]))
    )


@require_safe
def download_json(request, slug: str | None = None):
    if slug is None:
        return files.serve(request, "alle.json")
    plan = _plan(slug)
    return _send(
        request,
        lambda key: StreamingHttpResponse(_counted(_json_pieces(request, plan), key)),
        content_type="application/json; charset=utf-8",
        filename=_filename(plan, ".json"),
    )


@require_safe
def download_csv(request, table: str, slug: str | None = None):
    if table not in TABLES:
        raise Http404("No such table.")
    if slug is None:
        return files.serve(request, files.csv_name(table))
    plan = _plan(slug)
    return _send(
        request,
        lambda key: StreamingHttpResponse(_counted(_csv_pieces(TABLES[table], plan), key)),
        content_type="text/csv; charset=utf-8",
        filename=_filename(plan, f"-{table}.csv"),
    )


@require_safe
def download_iati(request, slug: str | None = None):
    if slug is None:
        return files.serve(request, "alle-iati.xml")
    plan = _plan(slug)
    return _send(
        request,
        lambda key: StreamingHttpResponse(_counted(_iati_pieces(request, plan), key)),
        content_type="application/xml; charset=utf-8",
        filename=_filename(plan, "-iati.xml"),
    )


def _xlsx_response(plan: ActionPlan | None, key: str | None = None) -> FileResponse:
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (closed by the response)
    xlsx_export.write_xlsx(spool, plan)
    if key is not None:
        cache.set(key, spool.tell(), SIZE_CACHE_SECONDS)
    spool.seek(0)
    return FileResponse(spool)


@require_safe
def download_xlsx(request, slug: str | None = None):
    if slug is None:
        return files.serve(request, "alle.xlsx")
    plan = _plan(slug)
    return _send(
        request,
        lambda key: _xlsx_response(plan, key),
        content_type=XLSX,
        filename=_filename(plan, ".xlsx"),
    )


def _urls(request):
    """Absolute addresses for the catalogue."""

    def url(name: str, *args) -> str:
        args = tuple(a for a in args if a is not None)
        if name == "dataset":
            return request.build_absolute_uri(reverse("opendata:index")) + (
                f"#plan-{args[0]}" if args else "#alle"
            )
        if name == "plan":
            path = reverse("portal:plan", args=args)
        elif name == "organisation":
            try:
                path = reverse("portal:organisation", args=args)
            except NoReverseMatch:
                path = reverse("opendata:index")
        elif name == "index":
            path = reverse("opendata:index")
        elif name == "dcat":
            path = reverse("opendata:dcat")
        elif name == "datapackage":
            path = reverse("opendata:datapackage")
        elif name == "schema":
            path = (
                reverse("opendata:table_schema", args=args)
                if args
                else reverse("opendata:json_schema")
            )
        elif name == "csv":
            slug, table = (None, args[0]) if len(args) == 1 else args
            path = reverse(
                "opendata:csv", kwargs={"table": table, **({"slug": slug} if slug else {})}
            )
        else:
            path = reverse(f"opendata:{name}", kwargs={"slug": args[0]} if args else {})
        return request.build_absolute_uri(path)

    return url


def _measure(request, plan: ActionPlan | None, item: catalogue.Download) -> int:
    if item.key == "xlsx":
        with tempfile.TemporaryFile() as file:
            xlsx_export.write_xlsx(file, plan)
            return file.tell()
    if item.key == "json":
        pieces = _json_pieces(request, plan)
    elif item.key == "csv":
        pieces = _csv_pieces(item.table, plan)
    else:
        pieces = _iati_pieces(request, plan)
    return sum(len(piece) for piece in pieces)


def _stored_name(item: catalogue.Download) -> str:
    if item.key == "csv":
        return files.csv_name(item.table.name)
    return {"json": "alle.json", "xlsx": "alle.xlsx", "iati": "alle-iati.xml"}[item.key]


class _Sizes:
    """Each download's length in bytes. Of everything: the stored file's (the file that is
    served; none while the first is built). Of a plan, in the current data version: kept
    when the download is sent, else measured by exporting it, for as long as the
    catalogue's time budget lasts (ACTIONPLAN_CATALOGUE_SIZE_SECONDS). A size not known in
    time is left out of this answer; the next request measures further."""

    def __init__(self, request, token: str, stored: dict) -> None:
        self.request = request
        self.token = token
        self.stored = stored
        self.deadline = time.monotonic() + settings.ACTIONPLAN_CATALOGUE_SIZE_SECONDS

    def __call__(self, plan: ActionPlan | None, item: catalogue.Download) -> int | None:
        if plan is None:
            row = self.stored.get(_stored_name(item))
            return row.size if row is not None else None
        key = _size_key(item.url, self.token)
        size = cache.get(key)
        if size is None and time.monotonic() < self.deadline:
            size = _measure(self.request, plan, item)
            cache.set(key, size, SIZE_CACHE_SECONDS)
        return size


def _catalogue_response(request, render_catalogue, content_type: str, filename: str):
    # The stored files' sizes are part of the answer: a file built since changes the ETag.
    files.refresh()
    stored = files.stored()
    digests = [row.digest for _name, row in sorted(stored.items())]
    validators = Validators(request, request.get_host(), *digests)
    not_modified = validators.not_modified(request)
    if not_modified is not None:
        return not_modified
    profile = "3" if request.GET.get("dcat-ap") == "3" else "2"
    graph = catalogue.build(
        _urls(request),
        validators.version.modified,
        size=_Sizes(request, validators.version.token, stored),
        profile=profile,
    )
    response = HttpResponse(render_catalogue(graph), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return validators.stamp(response)


@require_safe
def dcat_jsonld(request):
    return _catalogue_response(
        request, catalogue.to_jsonld, "application/ld+json; charset=utf-8", "dcat.jsonld"
    )


@require_safe
def dcat_turtle(request):
    return _catalogue_response(
        request, catalogue.to_turtle, "text/turtle; charset=utf-8", "dcat.ttl"
    )


def _json_response(request, make) -> HttpResponse:
    validators = Validators(request, request.get_host())
    not_modified = validators.not_modified(request)
    if not_modified is not None:
        return not_modified
    body = json.dumps(make(_urls(request)), ensure_ascii=False, indent=2) + "\n"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return validators.stamp(response)


@require_safe
def datapackage(request):
    """The Data Package of everything: every CSV table with its Table Schema."""
    return _json_response(request, schemas.datapackage)


@require_safe
def table_schema(request, table: str):
    if table not in TABLES:
        raise Http404("No such table.")
    return _json_response(request, lambda url: schemas.table_schema(TABLES[table]))


@require_safe
def json_schema(request):
    return _json_response(request, schemas.json_schema)


@require_safe
def index(request):
    url = _urls(request)
    plans = list(published_plans())
    sections = [{"plan": plan, "downloads": catalogue.downloads(plan, url)} for plan in plans]
    sections.append({"plan": None, "downloads": catalogue.downloads(None, url)})
    return render(
        request,
        "opendata/index.html",
        {
            "nav": "data",
            "sections": sections,
            "licence_url": catalogue.LICENCE_TEXT,
            "dcat_jsonld": url("dcat"),
            "dcat_turtle": request.build_absolute_uri(reverse("opendata:dcat_ttl")),
            "datapackage": url("datapackage"),
            "json_schema": url("schema", None),
            "api_docs": reverse("api-v1:openapi-view"),
        },
    )
