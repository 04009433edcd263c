"""Background work on payments, for the task worker."""

from __future__ import annotations

from django_tasks import task

from dzong.payments.refunds import refund_rejected_applications
from dzong.payments.services import settle_pending_payments


@task()
def settle_payments() -> int:
    """Ask the gateway about payments left open and settle them; safe to run any time."""
    return settle_pending_payments()


@task()
def refund_rejected() -> int:
    """Refund the paid fees of rejected applications; safe to run any time."""
    return refund_rejected_applications()


@task()
def refund_after_rejection(*, event_ids: list[int]) -> int:
    """A reaction (`dzong.applications.reactions`) to a rejection: refund the paid fees the
    rules give back, at once rather than at the next scheduled run. Safe to run any time."""
    return refund_rejected_applications()
