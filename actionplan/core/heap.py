"""Keep the server's long-lived heap out of the garbage collector's full passes.

A worker holds ~140.000 objects once it has served its first pages (Django, the URL
resolvers, compiled templates, model metadata). They live as long as the process, yet every
full collection walks them: 70-110 ms on this machine's CPUs, which fell on one request in
a few hundred and was most of every page's p99 (bench/RESULTS.md, stop 12). After each of a
worker's first requests the garbage is collected and what is left is frozen (`gc.freeze`),
so later full collections walk only what came after. Only the first requests freeze: what
survives them is the process's own furniture (code, templates, the URLconf), while a frozen
object that later becomes cyclic garbage is never collected (objects freed by their
reference count, as a response usually is, are freed as before).
"""

import gc

from django.core.signals import request_finished

FREEZING_REQUESTS = 50
_served = 0


def freeze_after_first_requests(**kwargs) -> None:
    global _served
    _served += 1
    gc.collect()
    gc.freeze()
    if _served >= FREEZING_REQUESTS:
        request_finished.disconnect(freeze_after_first_requests)


def install() -> None:
    """For a server process (config/wsgi.py), not for tests or the development server."""
    request_finished.connect(freeze_after_first_requests)
