"""Background work of the performance pages: the daily figures."""

from __future__ import annotations

from django_tasks import task

from dzong.transparency.figures import compute_daily_figures


@task()
def compute_figures() -> int:
    """Compute the daily figures from the last day computed to today (run it at least daily;
    safe to run twice or at once); the days computed."""
    return compute_daily_figures()
