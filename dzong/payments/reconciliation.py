"""An agency's day of money: received by channel, per application and account; pending;
refunded; with totals."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from dzong.payments.models import PaymentLine


@dataclass(frozen=True)
class Row:
    """One fee line of one payment, as the agency's accounts see it."""

    time: dt.datetime
    payment: str
    application: str
    service: str
    channel: str
    receipt: str
    fee: str
    account: str
    amount: int
    currency: str
    status: str


@dataclass
class DayReport:
    """What an agency received, has pending and refunded on one local day."""

    agency: str
    day: dt.date
    received: list[Row] = field(default_factory=list)
    pending: list[Row] = field(default_factory=list)
    refunded: list[Row] = field(default_factory=list)

    def by_channel(self) -> dict[str, int]:
        return _sum_by(self.received, lambda row: row.channel)

    def refunded_by_channel(self) -> dict[str, int]:
        """What was given back by channel: `counter` is the cash handed back at counters."""
        return _sum_by(self.refunded, lambda row: row.channel)

    def by_account(self) -> dict[str, int]:
        return _sum_by(self.received, lambda row: row.account)

    @property
    def total_received(self) -> int:
        return sum(row.amount for row in self.received)

    @property
    def total_pending(self) -> int:
        return sum(row.amount for row in self.pending)

    @property
    def total_refunded(self) -> int:
        return sum(row.amount for row in self.refunded)


def _sum_by(rows: list[Row], key: object) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        totals[key(row)] += row.amount  # type: ignore[operator]
    return dict(sorted(totals.items()))


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The local day as an interval of aware datetimes."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def day_report(*, agency: str, day: dt.date) -> DayReport:
    """The agency's reconciliation for one local day."""
    start, end = day_bounds(day)
    lines = PaymentLine.objects.of_agency(agency)
    report = DayReport(agency=agency, day=day)
    report.received = [_row(line, "paid_at") for line in lines.received_between(start, end)]
    report.pending = [_row(line, "created_at") for line in lines.pending_between(start, end)]
    report.refunded = [_row(line, "") for line in lines.refunded_between(start, end)]
    return report


def _row(line: PaymentLine, moment: str) -> Row:
    payment = line.payment
    # a line's refund has its own moment (some fees of a payment may be kept)
    when: dt.datetime = getattr(payment if moment else line, moment or "refunded_at")
    return Row(
        time=when,
        payment=payment.reference,
        application=payment.application.reference,
        service=payment.application.service_version.service.slug,
        channel=payment.provider,
        receipt=payment.counter_receipt or payment.provider_payment_id,
        fee=line.fee,
        account=line.account,
        amount=line.amount,
        currency=payment.currency,
        status=payment.status,
    )
