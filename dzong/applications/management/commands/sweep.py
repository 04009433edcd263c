"""`dzong sweep`: repair what lost or crashed background jobs left behind."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand

from dzong.applications.jobs import requeue_stale_tasks
from dzong.certificates.services import issue_missing_certificates
from dzong.notifications.services import send_queued_deliveries
from dzong.payments.refunds import refund_rejected_applications, settle_abandoned_refunds
from dzong.payments.services import settle_pending_payments

REPAIRS: list[tuple[str, Callable[[], int]]] = [
    ("task(s) left running by a dead worker queued again", requeue_stale_tasks),
    ("registration(s) given their missing certificate", issue_missing_certificates),
    ("unsent message(s) queued again", send_queued_deliveries),
    ("payment(s) settled with the gateway", settle_pending_payments),
    ("abandoned refund(s) settled with the gateway", settle_abandoned_refunds),
    ("payment(s) refunded or marked for refund at the counter", refund_rejected_applications),
]


def sweep() -> dict[str, int]:
    """Run every repair once; how many things each repaired. Each claims what it repairs,
    so sweeping twice, or on two machines at once, repairs each thing once."""
    return {label: repair() for label, repair in REPAIRS}


class Command(BaseCommand):
    help = (
        "Repair what lost or crashed background jobs left: tasks left running, approved "
        "registrations without their certificate, unsent messages, payments pending at the "
        "gateway, refunds due. Safe to run twice or at once; schedule it every few minutes."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for label, count in sweep().items():
            self.stdout.write(f"{count} {label}")
