"""Celery tasks of the open data (config.celery finds them); the name stays the one the beat
schedule in config.settings uses."""

from celery import shared_task


@shared_task(name="actionplan.jobs.exports_refresh")
def exports_refresh() -> None:
    """Start the full exports whose files are missing or older than the data (a change makes
    a new data version, so the exports are rebuilt after it)."""
    from .files import refresh

    refresh()
