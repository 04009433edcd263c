"""Background jobs: how long a worker holds what it claimed, and putting back in the queue
the tasks a worker that died left running."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def lease_expired_before(now: dt.datetime | None = None) -> dt.datetime:
    """Claims taken before this moment belong to a worker that is gone (the lease,
    DZONG_JOB_LEASE_SECONDS, is longer than any job takes)."""
    return (now or timezone.now()) - dt.timedelta(seconds=settings.DZONG_JOB_LEASE_SECONDS)


def requeue_stale_tasks(*, now: dt.datetime | None = None) -> int:
    """Put back in the queue the tasks left running past the lease (their worker died); every
    job is safe to run twice, so running one again is harmless. How many."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    stale = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=lease_expired_before(now)
    )
    return stale.update(status=TaskResultStatus.READY, started_at=None)
