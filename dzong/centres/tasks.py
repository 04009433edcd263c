"""Background work of the community centres, for the task worker."""

from __future__ import annotations

from django_tasks import task

from dzong.centres.services import expire_lapsed_consents


@task()
def expire_consents() -> int:
    """Stop the requests whose consent was not given in time: how many. Safe to run twice."""
    return expire_lapsed_consents()
