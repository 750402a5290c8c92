"""ETag and Last-Modified for public data, from the data version (see actionplan.core.version)."""

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language

from actionplan.core.version import DataVersion, data_version

# Caches may keep a copy but must ask again each time; the answer is then often a 304.
CACHE_CONTROL = "public, no-cache"


class Validators:
    """The ETag and Last-Modified of one public resource in the current data version."""

    def __init__(
        self,
        request: HttpRequest,
        *parts: str,
        version: DataVersion | None = None,
        object_version: str = "",
    ):
        """With object_version (core.services.version_of of the one object shown), the ETag
        starts with it, `"<object version>.<...>"`, so that a write can be based on it
        (If-Match) although the representation also changes with related rows."""
        self.version = version or data_version()
        self.etag = self.version.etag(request.get_full_path(), get_language() or "", *parts)
        if object_version:
            self.etag = f'"{object_version}.{self.etag[1:]}'

        modified = self.version.modified
        self.last_modified = http_date(modified.timestamp()) if modified else None

    def not_modified(self, request: HttpRequest) -> HttpResponse | None:
        """A 304 answer when the caller's copy is current, else None."""
        modified = self.version.modified
        response = get_conditional_response(
            request,
            etag=self.etag,
            last_modified=int(modified.timestamp()) if modified else None,
        )
        if response is not None:
            self.stamp(response)
        return response

    def stamp(self, response: HttpResponse) -> HttpResponse:
        response["ETag"] = self.etag
        if self.last_modified:
            response["Last-Modified"] = self.last_modified
        response["Cache-Control"] = CACHE_CONTROL
        return response
