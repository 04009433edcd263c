"""`dzong sweep`: repair what lost or crashed background jobs left behind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand

from dzong.accounts.one_time_codes import forget_expired_codes
from dzong.accounts.wallet import remove_expired as forget_wallet_requests
from dzong.applications.jobs import requeue_stale_tasks
from dzong.applications.registrations import found_missing_businesses
from dzong.certificates.services import issue_missing_certificates
from dzong.certificates.wallet_offers import remove_ended as forget_wallet_offers
from dzong.notifications.services import send_queued_deliveries
from dzong.payments.refunds import refund_rejected_applications, settle_abandoned_refunds
from dzong.payments.services import settle_pending_payments

# (what it repaired, the repair, whether it takes `older_than`: how long a thing must have
# waited to count as left behind rather than still queued)
REPAIRS: list[tuple[str, Callable[..., int], bool]] = [
    ("task(s) left running by a dead worker queued again", requeue_stale_tasks, False),
    ("registration(s) given their missing certificate", issue_missing_certificates, True),
    ("registration(s) founding their missing business", found_missing_businesses, True),
    ("unsent message(s) queued again", send_queued_deliveries, True),
    ("payment(s) settled with the gateway", settle_pending_payments, True),
    ("abandoned refund(s) settled with the gateway", settle_abandoned_refunds, False),
    (
        "payment(s) refunded or marked for refund at the counter",
        refund_rejected_applications,
        False,
    ),
    ("ended wallet sign-in request(s) forgotten", forget_wallet_requests, False),
    ("ended offer(s) of certificates to wallets forgotten", forget_wallet_offers, False),
    ("expired one-time code(s) forgotten", forget_expired_codes, False),
]


def sweep(*, older_than: dt.timedelta | None = None) -> dict[str, int]:
    """Run every repair once; how many things each repaired. Each claims what it repairs,
    so sweeping twice, or on two machines at once, repairs each thing once."""
    aged = {} if older_than is None else {"older_than": older_than}
    return {label: repair(**(aged if ages else {})) for label, repair, ages in REPAIRS}


class Command(BaseCommand):
    help = (
        "Repair what lost or crashed background jobs left: tasks left running, approved "
        "registrations without their certificate, unsent messages, payments pending at the "
        "gateway, refunds due, expired one-time codes. Safe to run twice or at once; schedule "
        "it every few minutes."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            metavar="SECONDS",
            help="Repair what has waited this long (default: 5 minutes; payments as configured)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        seconds = options["older_than"]
        older_than = None if seconds is None else dt.timedelta(seconds=seconds)
        for label, count in sweep(older_than=older_than).items():
            self.stdout.write(f"{count} {label}")
