"""The embedded runner: without a broker the web process runs jobs itself, one at a time, in a
background thread, through the same job_run a Celery worker calls."""

import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import connections

_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None


def _run(job_id: int) -> None:
    from .services import job_run

    try:
        job_run(job_id)
    finally:
        connections.close_all()


def submit(job_id: int) -> None:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="actionplan-job")
    _executor.submit(_run, job_id)
