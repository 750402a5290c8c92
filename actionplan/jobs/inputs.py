"""Files waiting for a job (an uploaded spreadsheet between upload and import), kept in
Django's storage (the file system or S3-compatible), never in the session: the session keeps
only the file's storage name."""

import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

FOLDER = "jobs/pending"


def pending_save(name: str, data: bytes) -> str:
    """Store the bytes under a name nobody can guess; returns the storage name."""
    return default_storage.save(f"{FOLDER}/{secrets.token_hex(16)}/{name}", ContentFile(data))


def pending_read(path: str) -> bytes | None:
    if not path.startswith(f"{FOLDER}/") or not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as handle:
        return handle.read()


def pending_delete(path: str) -> None:
    if path.startswith(f"{FOLDER}/") and default_storage.exists(path):
        default_storage.delete(path)
