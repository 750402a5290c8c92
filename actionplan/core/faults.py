"""What a request meets when the server itself fails: a full disk gets a clear answer (507,
"the server cannot save: the disk is full") instead of a bare 500, and is logged with its
traceback. Nothing is half-written: every service runs in one transaction, which the
failed write rolls back."""

import errno
import logging

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

log = logging.getLogger("actionplan.errors")

_DISK_FULL_WORDS = ("database or disk is full", "no space left on device", "disk full")


def is_disk_full(exc: BaseException | None) -> bool:
    """ENOSPC from a file write, SQLite's SQLITE_FULL or PostgreSQL's disk_full (53100),
    also when wrapped by Django's database errors."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            return True
        if getattr(exc, "sqlstate", None) == "53100":
            return True
        if any(word in str(exc).lower() for word in _DISK_FULL_WORDS):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def disk_full_message() -> str:
    return _("The server cannot save: the disk is full. Nothing was saved; try again later.")


class DiskFullMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_disk_full(exception):
            return None
        log.error("disk full: %s", exception, exc_info=exception)
        message = disk_full_message()
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=507)
        return render(request, "core/disk_full.html", {"message": message}, status=507)
