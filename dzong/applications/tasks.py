"""Background work on applications, for the task worker."""

from __future__ import annotations

from django_tasks import task

from dzong.applications.removal import remove_old_test_runs
from dzong.applications.resumable import remove_stale_uploads
from dzong.applications.services import remind_stale_drafts, remove_stale_drafts


@task()
def prune_drafts() -> tuple[int, int]:
    """Remind, then remove, stale drafts: (reminded, removed); and remove files left half sent.
    Safe to run twice."""
    remove_stale_uploads()
    return remind_stale_drafts(), remove_stale_drafts()


@task()
def prune_test_runs() -> int:
    """Remove designers' test runs older than the retention period: how many. Safe to run twice."""
    return remove_old_test_runs()
