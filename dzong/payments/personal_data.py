"""The payments' part of a person's data: what they paid, for what, and what was refunded."""

from __future__ import annotations

from typing import Any

from dzong.applications.personal_data import when
from dzong.payments.models import Payment


def payments_of(person: Any) -> list[dict[str, Any]]:
    """Each payment for the person's applications, with its lines."""
    mine = Payment.objects.filter(application__applicant=person, application__is_test=False)
    return [
        {
            "reference": payment.reference,
            "application": payment.application.reference,
            "purpose": payment.purpose,
            "provider": payment.provider,
            "status": payment.status,
            "amount": payment.amount,
            "currency": payment.currency,
            "paid_at": when(payment.paid_at),
            "refunded_at": when(payment.refunded_at),
            "lines": [
                {"fee": line.fee, "label": line.label_en, "amount": line.amount}
                for line in payment.lines.all()
            ],
        }
        for payment in mine.select_related("application").prefetch_related("lines").order_by("pk")
    ]
