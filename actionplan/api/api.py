"""The API at /api/v1/: one NinjaAPI, error bodies in one shape (ErrorOut) for every error."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from actionplan.core.errors import ActionplanError, ConflictError

from . import openapi, read, write

DESCRIPTION = """Action plans, themes, focus areas, goals and indicators, projects with their
partners, grants and co-funding, status rounds and assessments: everything the public portal
shows, as JSON. Reads need no key and show published content only. Writes need an API token
(`Authorization: Bearer ...`) and act with the token owner's roles.

A change to an existing object (PATCH) must say which version of it the change is based on:
`If-Match` with the ETag of its GET or of the answer to your last change of it (a grant's
`version`, in quotes). If someone else has saved it since, nothing is saved and the answer is
409; read it again and resend. Each write is all or nothing.

Lists are paged (`page`, `page_size`) in a stable order. Every read answers with `ETag` and
`Last-Modified`; send them back (`If-None-Match`, `If-Modified-Since`) for a 304.
Open data downloads and a DCAT-AP-DK catalogue are under /data/."""


class DocumentedAPI(NinjaAPI):
    """A NinjaAPI whose OpenAPI document has what the linters ask for (see openapi.complete)."""

    def get_openapi_schema(self, *args, **kwargs):
        return openapi.complete(
            super().get_openapi_schema(*args, **kwargs), openapi.served_contact()
        )


api = DocumentedAPI(
    title="actionplan API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _error(request, status: int, detail: str, errors: list | None = None):
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


def _loc(loc) -> list:
    return [part if isinstance(part, int) else str(part) for part in loc]


@api.exception_handler(ValidationError)
def _invalid_request(request, exc: ValidationError):
    errors = [
        {
            "loc": _loc(e.get("loc", ())),
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors
    ]
    return _error(request, 422, "The request is not valid.", errors)


@api.exception_handler(write.Invalid)
def _invalid_reference(request, exc: write.Invalid):
    return _error(
        request,
        422,
        "The request is not valid.",
        [{"loc": exc.loc, "msg": exc.msg, "type": "reference"}],
    )


@api.exception_handler(DjangoValidationError)
def _invalid_data(request, exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        errors = [
            {"loc": ["body", "data", field], "msg": message, "type": "invalid"}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"loc": ["body", "data"], "msg": m, "type": "invalid"} for m in exc.messages]
    return _error(request, 422, "The data is not valid.", errors)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc: AuthenticationError):
    response = _error(request, 401, "A valid API token is required (Authorization: Bearer ...).")
    response["WWW-Authenticate"] = 'Bearer realm="actionplan"'
    return response


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc: PermissionDenied):
    return _error(request, 403, str(exc) or "You do not have permission to do this.")


@api.exception_handler(read.NotFound)
def _not_found(request, exc):
    return _error(request, 404, "Not found.")


@api.exception_handler(Http404)
def _http_404(request, exc):
    return _error(request, 404, "Not found.")


@api.exception_handler(ConflictError)
def _stale(request, exc: ConflictError):
    return _error(
        request,
        409,
        "The object has changed since the version in If-Match; nothing was saved. Read it "
        "again and send your change with its new ETag.",
        [{"loc": ["header", "If-Match"], "msg": str(exc), "type": "conflict"}],
    )


@api.exception_handler(ActionplanError)
def _conflict(request, exc: ActionplanError):
    # ConflictError (someone else saved first) and other errors the caller can act on.
    return _error(request, 409, str(exc))


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return _error(request, exc.status_code, str(exc))


# write adds its operations to read.router.
api.add_router("/", read.router)
