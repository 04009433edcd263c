"""Background work on applications, for the task worker."""

from __future__ import annotations

from django_tasks import task

from dzong.applications.services import remind_stale_drafts, remove_stale_drafts


@task()
def prune_drafts() -> tuple[int, int]:
    """Remind, then remove, stale drafts: (reminded, removed). Safe to run twice."""
    return remind_stale_drafts(), remove_stale_drafts()
