from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from . import selectors


@require_safe
def download(request, pk: int):
    """The file as a download, never shown inline: its type comes from the content check made
    on upload, and nosniff keeps the browser from guessing another."""
    attachment = selectors.downloadable(request.user, pk)
    if attachment is None:
        # Not there and not allowed look the same: the file's existence is not revealed.
        raise Http404("No such file")
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("The file is missing from the storage") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
