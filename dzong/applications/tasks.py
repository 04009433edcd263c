"""Background work on applications, for the task worker."""

from __future__ import annotations

from django_tasks import task

from dzong.applications.models import Event
from dzong.applications.registrations import found_businesses
from dzong.applications.removal import remove_old_test_runs
from dzong.applications.resumable import remove_stale_uploads
from dzong.applications.retention import remove_expired_applications
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


@task()
def found_businesses_of(*, event_ids: list[int]) -> list[str]:
    """A reaction (`reactions.py`): found the businesses the registrations these events
    granted found; the numbers of those founded now. Safe to run twice."""
    granted = Event.objects.filter(pk__in=event_ids, kind=Event.Kind.REGISTERED)
    founded = found_businesses(numbers=[event.details["number"] for event in granted])
    return [organisation.registration_number for organisation in founded]


def remove_expired() -> int:
    """Remove decided applications past their service's retention period (daily): how many.
    Safe to run twice, and at once."""
    return remove_expired_applications()
