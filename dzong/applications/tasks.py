"""Background work on applications, for the task worker."""

from __future__ import annotations

from django_tasks import task

from dzong.applications.removal import remove_old_test_runs
from dzong.applications.retention import remove_expired_applications
from dzong.applications.services import remind_stale_drafts, remove_stale_drafts


@task()
def prune_drafts() -> tuple[int, int]:
    """Remind, then remove, stale drafts: (reminded, removed). Safe to run twice."""
    return remind_stale_drafts(), remove_stale_drafts()


@task()
def prune_test_runs() -> int:
    """Remove designers' test runs older than the retention period: how many. Safe to run twice."""
    return remove_old_test_runs()


@task()
def remove_expired() -> int:
    """Remove decided applications past their service's retention period (daily): how many.
    Safe to run twice, and at once."""
    return remove_expired_applications()
