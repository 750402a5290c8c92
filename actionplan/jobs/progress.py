"""Live progress of a running job, kept in the "jobs" cache (Redis when there is one), not in
the database: an import writes its rows in one transaction, so its Job row cannot show them
to anyone before it commits. The database keeps stage and counts when the job ends."""

import inspect
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import caches

Progress = Callable[[str, int, int | None], None]

KEEP_SECONDS = 24 * 3600
EVERY_SECONDS = 0.5  # at most two cache writes a second per job


def _key(job_id: int) -> str:
    return f"job-progress:{job_id}"


@dataclass(frozen=True)
class Snapshot:
    stage: str
    done: int
    total: int | None
    at: float


def reporter(job_id: int) -> Progress:
    """progress(stage, done, total) for one job: writes when the stage changes, when the
    count reaches the total, and otherwise at most every EVERY_SECONDS."""
    last = {"stage": None, "at": 0.0}

    def progress(stage: str, done: int, total: int | None) -> None:
        now = time.time()
        if stage == last["stage"] and now - last["at"] < EVERY_SECONDS and done != total:
            return
        last.update(stage=stage, at=now)
        caches["jobs"].set(
            _key(job_id),
            {"stage": stage, "done": done, "total": total, "at": now},
            KEEP_SECONDS,
        )

    return progress


def read(job_id: int) -> Snapshot | None:
    value = caches["jobs"].get(_key(job_id))
    return Snapshot(**value) if value else None


def forget(job_id: int) -> None:
    caches["jobs"].delete(_key(job_id))


def call_with_progress(function: Callable[..., Any], progress: Progress | None, **kwargs):
    """Call an entry point with progress=..., when it takes one (export, memo rendering and
    import take an optional progress keyword; older ones do not)."""
    if progress is not None and "progress" in inspect.signature(function).parameters:
        kwargs["progress"] = progress
    return function(**kwargs)
