"""Structured logs: every line carries the request it was written for (id, path, user,
client address), as JSON in production, and never a secret.

The request id is taken from the caller's X-Request-ID when it is a plain token (a load
balancer's or another service's), else made here, and returned in the response's
X-Request-ID, so one request can be followed across servers.
"""

import contextvars
import datetime as dt
import json
import logging
import re
import uuid

_request: contextvars.ContextVar = contextvars.ContextVar("actionplan_request", default=None)

REQUEST_ID_HEADER = "X-Request-ID"
_PLAIN_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# Values that must never reach a log, whatever a message or traceback holds.
_SECRETS = re.compile(
    r"(?i)(password|passwd|secret|token|api[_-]?key|authorization|cookie|sessionid|csrftoken)"
    r"""(["']?\s*[:=]\s*["']?|\s+)(bearer\s+)?[^\s"'&,;]+"""
)


def redact(text: str) -> str:
    return _SECRETS.sub(lambda m: f"{m.group(1)}{m.group(2)}[redacted]", text)


def request_id_of(request) -> str:
    given = request.headers.get(REQUEST_ID_HEADER, "")
    return given if _PLAIN_ID.match(given) else uuid.uuid4().hex


class RequestIdMiddleware:
    """First in the chain: gives the request its id and makes it known to the log lines."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_of(request)
        token = _request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


def _user(request) -> str:
    # Only a user already loaded: a log line must not query the database (it may be down).
    user = getattr(request, "_cached_user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return "-"
    return user.get_username()


class RequestContextFilter(logging.Filter):
    """Adds request_id, path, user and client to every record written during a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs a 4xx/5xx answer once the middleware has returned, with the request
        # in the record's extra.
        request = _request.get() or getattr(record, "request", None)
        if request is None or not hasattr(request, "path"):
            record.request_id = record.path = record.user = record.client = "-"
            return True
        from .addresses import client_address

        record.request_id = getattr(request, "request_id", "-")
        record.path = request.path
        record.user = _user(request)
        record.client = client_address(request)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line; the traceback, when there is one, in "exc"."""

    FIELDS = ("request_id", "path", "user", "client")

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for name in self.FIELDS:
            line[name] = getattr(record, name, "-")
        if record.exc_info:
            line["exc"] = redact(self.formatException(record.exc_info))
        elif record.exc_text:
            line["exc"] = redact(record.exc_text)
        return json.dumps(line, ensure_ascii=False, default=str)


class PlainFormatter(logging.Formatter):
    """For development: readable, with the same fields and the same redaction."""

    def __init__(self):
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(user)s %(path)s] %(message)s"
        )

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))
