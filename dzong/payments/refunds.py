"""Fees given back when an application is rejected, as each fee's `refund` rule in the
definition says: online through the provider they came through, cash marked for a cashier of
the agency to hand back at the counter.

A fee's rule is `on_rejection` (given back whenever the application is rejected),
`before_review` (given back only when it is rejected before any officer acted on it, by an
automatic step) or `never`. The workflow records the rejection; this side looks for rejected
applications with paid payments, so it is safe to run any number of times
(`dzong refund_rejected_applications`).
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dzong.applications.jobs import lease_expired_before
from dzong.applications.models import Application, Event
from dzong.engine.formatting import format_money
from dzong.payments.models import CounterRefund, Payment, PaymentEvent, PaymentLine
from dzong.payments.providers import provider
from dzong.payments.providers.base import ProviderError
from dzong.payments.services import (
    PaymentRefused,
    record_payment_event,
    record_refund,
    refund_payment,
    settle_refund_claim,
)

log = logging.getLogger(__name__)
REASON = "application rejected"
DECIDED = (
    PaymentEvent.Kind.REFUND_DUE_AT_COUNTER,
    PaymentEvent.Kind.REFUNDED,
    PaymentEvent.Kind.KEPT,
)


def refunds_due() -> Any:
    """Paid payments of rejected applications whose refund has not been decided yet."""
    return (
        Payment.objects.paid()
        .filter(application__status=Application.Status.REJECTED, application__is_test=False)
        .exclude(events__kind__in=DECIDED)
        .order_by("pk")
    )


def refundable_lines(payment: Payment) -> list[PaymentLine]:
    """The lines of a rejected application's payment that their fee's rule gives back."""
    rules = {fee.code: fee.refund for fee in payment.application.definition.fees}
    reviewed = _reviewed_by_an_officer(payment.application)
    allowed = {"on_rejection"} | (set() if reviewed else {"before_review"})
    return [line for line in payment.lines.all() if rules.get(line.fee, "never") in allowed]


def _reviewed_by_an_officer(application: Application) -> bool:
    """Whether a member of staff moved or decided the application (automatic steps act alone)."""
    acts = (Event.Kind.MOVED, Event.Kind.REJECTED, Event.Kind.APPROVED)
    return application.events.filter(kind__in=acts, actor__is_staff=True).exists()


def refund_rejected_applications(*, limit: int = 500) -> int:
    """Refund the paid fees of rejected applications that their fees' rules give back.

    Online payments are refunded through their provider; counter payments are marked for
    refund at the counter; a payment none of whose fees is given back is marked kept. How
    many payments were refunded or marked for the counter.
    """
    done = 0
    for payment in refunds_due()[:limit]:
        lines = refundable_lines(payment)
        if not lines:
            _keep(payment)
        elif not provider(payment.provider).online:
            done += mark_refund_due_at_counter(payment=payment, lines=lines)
        else:
            done += _refund_online(payment, lines)
    return done


def settle_abandoned_refunds() -> int:
    """Settle the refunds whose worker died between asking the gateway and recording its
    answer (claims past the lease): what the gateway did is recorded; how many settled."""
    abandoned = Payment.objects.filter(refund_claimed_at__lt=lease_expired_before())
    return sum(settle_refund_claim(payment=payment) for payment in abandoned.order_by("pk")[:500])


def _refund_online(payment: Payment, lines: list[PaymentLine]) -> bool:
    try:
        refund_payment(payment=payment, reason=REASON, lines=lines)
    except (ProviderError, PaymentRefused):
        log.warning("Could not refund payment %s", payment.reference)
        return False
    return True


def _keep(payment: Payment) -> None:
    """Record, once, that the fees' rules give nothing of this payment back."""
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if not locked.events.filter(kind__in=DECIDED).exists():
            record_payment_event(locked, PaymentEvent.Kind.KEPT, details={"reason": REASON})


def mark_refund_due_at_counter(*, payment: Payment, lines: list[PaymentLine]) -> bool:
    """Record, once, that these lines of a cash payment are to be handed back at the counter."""
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.status != Payment.Status.PAID or locked.events.filter(kind__in=DECIDED):
            return False
        record_payment_event(
            locked,
            PaymentEvent.Kind.REFUND_DUE_AT_COUNTER,
            source="counter",
            details={
                "reason": REASON,
                "amount": sum(line.amount for line in lines),
                "lines": [line.pk for line in lines],
            },
        )
    return True


class CounterRefundRefused(Exception):
    """The pay-back cannot be recorded; the message says why, in the reader's language, and
    `field` which answer is at fault."""

    def __init__(self, message: str, *, field: str = "amount") -> None:
        super().__init__(message)
        self.field = field


def due_at_counter(*, agencies: set[str]) -> Any:
    """Cash payments marked for refund and not yet handed back, with money of these agencies."""
    return (
        Payment.objects.filter(
            status=Payment.Status.PAID,
            events__kind=PaymentEvent.Kind.REFUND_DUE_AT_COUNTER,
            counter_refund__isnull=True,
            lines__agency__in=agencies,
        )
        .distinct()
        .select_related("application__service_version", "application__applicant")
        .order_by("updated_at", "pk")
    )


def refund_due_lines(payment: Payment) -> list[PaymentLine]:
    """The lines of a cash payment that were marked to be handed back."""
    marked = payment.events.filter(kind=PaymentEvent.Kind.REFUND_DUE_AT_COUNTER).first()
    pks = marked.details.get("lines") if marked is not None else None
    lines = payment.lines.filter(refunded_at=None)
    return list(lines if pks is None else lines.filter(pk__in=pks))


def record_counter_refund(
    *, payment: Payment, amount: int, received_by: str, receipt_number: str, staff: Any
) -> CounterRefund:
    """Record the cash a cashier handed back for a payment marked for refund; once."""
    received_by, receipt_number = received_by.strip(), receipt_number.strip()
    lines = refund_due_lines(payment)
    due = sum(line.amount for line in lines)
    if not received_by:
        raise CounterRefundRefused(
            _("Enter the name of the person who received the cash."), field="received_by"
        )
    if not receipt_number:
        raise CounterRefundRefused(
            _("Enter the number of the refund receipt you hand out."), field="receipt_number"
        )
    if amount != due:
        raise CounterRefundRefused(
            _("Hand back exactly the amount due: %(due)s.")
            % {"due": format_money(due, payment.currency, "dz" if get_language() == "dz" else "en")}
        )
    with transaction.atomic():
        Payment.objects.select_for_update().filter(pk=payment.pk).first()  # one cashier at a time
        if CounterRefund.objects.filter(payment=payment).exists():
            raise CounterRefundRefused(_("This refund has already been paid back."))
        refund = CounterRefund.objects.create(
            payment=payment,
            amount=amount,
            received_by=received_by[:200],
            receipt_number=receipt_number[:60],
            recorded_by=staff,
        )
        if not record_refund(
            payment=payment, lines=lines, actor=staff, reason=REASON, source="counter"
        ):
            raise CounterRefundRefused(_("This payment has no refund due."))
    return refund
