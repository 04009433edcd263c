"""Background jobs: how long a worker holds what it claimed, and putting back in the queue
the tasks a worker that died left running."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

LEASE = dt.timedelta(minutes=10)  # longer than any job takes: its claim is then abandoned


def lease_expired_before(now: dt.datetime | None = None) -> dt.datetime:
    """Claims taken before this moment belong to a worker that is gone."""
    return (now or timezone.now()) - LEASE


def requeue_stale_tasks(*, now: dt.datetime | None = None) -> int:
    """Put back in the queue the tasks left running past the lease (their worker died); every
    job is safe to run twice, so running one again is harmless. How many."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    stale = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=lease_expired_before(now)
    )
    return stale.update(status=TaskResultStatus.READY, started_at=None)
