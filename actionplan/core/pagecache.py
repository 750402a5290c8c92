"""Public pages and API answers kept whole in the cache for callers who are not logged in.

A copy is kept under the data version (actionplan.core.version): every service that changes
content records an audit event, so the first request after a change renders afresh, and a
copy is kept for at most ACTIONPLAN_PUBLIC_CACHE_SECONDS even when nothing was recorded
(bulk tools such as `actionplan synth` write without events). A copy costs one index lookup
instead of the page's queries and rendering.

Only the same answer for everyone is kept: a GET without a session, messages or an
Authorization header, answered 200 without cookies or `private`/`no-store`. The one
per-visitor part of a public page, the CSRF token of the language form, is left out of the
copy and put back for each visitor.
"""

import hashlib
import re
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from .version import data_version

# A page larger than this is rendered each time rather than crowding out the others (a
# project list is 46 KB, an API page of 100 projects under 100 KB).
LARGEST_KEPT = 200_000
# What {% csrf_token %} renders (django.template.defaulttags.CsrfTokenNode).
CSRF_INPUT = re.compile(rb'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">')
CSRF_SLOT = b"\x00csrf-token\x00"  # NUL never occurs in an HTML or JSON answer
# Request headers that change the answer besides the path and language (htmx partials).
VARYING = ("HX-Request", "HX-History-Restore-Request")
PASSED_ON = ("If-None-Match", "If-Modified-Since", "Authorization")


@dataclass(frozen=True)
class Kept:
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes


def public_cache(view):
    """Serve `view`'s answer from the cache when it is the same for every caller."""

    @wraps(view)
    def cached_view(request: HttpRequest, *args, **kwargs):
        if not _same_for_everyone(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        kept = cache.get(key)
        if kept is not None:
            return _restore(kept, request)
        response = view(request, *args, **kwargs)
        if _keepable(response):
            cache.set(key, _keep(response), settings.ACTIONPLAN_PUBLIC_CACHE_SECONDS)
        return response

    return cached_view


def _same_for_everyone(request: HttpRequest) -> bool:
    # A conditional request is passed on: the view answers it with a 304 in one query.
    return (
        settings.ACTIONPLAN_PUBLIC_CACHE_SECONDS > 0
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and not any(name in request.headers for name in PASSED_ON)
    )


def _key(request: HttpRequest) -> str:
    parts = [data_version().token, request.get_full_path(), get_language() or ""]
    parts += [request.headers.get(name, "") for name in VARYING]
    return "public-page:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def _keepable(response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and len(response.content) <= LARGEST_KEPT
    )


def _keep(response: HttpResponse) -> Kept:
    return Kept(
        status=response.status_code,
        headers=tuple(response.headers.items()),
        content=CSRF_INPUT.sub(CSRF_SLOT, response.content),
    )


def _restore(kept: Kept, request: HttpRequest) -> HttpResponse:
    content = kept.content
    if CSRF_SLOT in content:
        token = get_token(request).encode()
        field = b'<input type="hidden" name="csrfmiddlewaretoken" value="' + token + b'">'
        content = content.replace(CSRF_SLOT, field)
    response = HttpResponse(content, status=kept.status)
    for name, value in kept.headers:
        response[name] = value
    return response
