"""Fees given back when an application is rejected: online through the provider they came
through, cash marked for the counter to hand back.

The workflow records the rejection; this side looks for rejected applications with paid
payments, so it is safe to run any number of times (`dzong refund_rejected_applications`).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import transaction

from dzong.applications.models import Application
from dzong.payments.models import Payment, PaymentEvent
from dzong.payments.providers import provider
from dzong.payments.providers.base import ProviderError
from dzong.payments.services import PaymentRefused, refund_payment

log = logging.getLogger(__name__)
REASON = "application rejected"


def refunds_due() -> Any:
    """Paid payments of rejected applications not yet refunded nor marked for the counter."""
    return (
        Payment.objects.paid()
        .filter(application__status=Application.Status.REJECTED, application__is_test=False)
        .exclude(events__kind=PaymentEvent.Kind.REFUND_DUE_AT_COUNTER)
        .order_by("pk")
    )


def refund_rejected_applications(*, limit: int = 500) -> int:
    """Refund the paid fees of rejected applications, when DZONG_REFUND_ON_REJECTION says so.

    Online payments are refunded through their provider; counter payments are marked for
    refund at the counter. How many payments were refunded or marked.
    """
    if not settings.DZONG_REFUND_ON_REJECTION:
        return 0
    done = 0
    for payment in refunds_due()[:limit]:
        if not provider(payment.provider).online:
            done += mark_refund_due_at_counter(payment=payment)
            continue
        try:
            refund_payment(payment=payment, reason=REASON)
        except (ProviderError, PaymentRefused):
            log.warning("Could not refund payment %s", payment.reference)
            continue
        done += 1
    return done


def mark_refund_due_at_counter(*, payment: Payment) -> bool:
    """Record, once, that this cash payment is to be handed back at the counter."""
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.status != Payment.Status.PAID or locked.events.filter(
            kind=PaymentEvent.Kind.REFUND_DUE_AT_COUNTER
        ):
            return False
        PaymentEvent.objects.create(
            payment=locked,
            kind=PaymentEvent.Kind.REFUND_DUE_AT_COUNTER,
            source="counter",
            details={"reason": REASON},
        )
    return True
