"""What the payment pages show, ready-made in the reader's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language

from dzong.applications.models import Application
from dzong.engine.formatting import format_moment, format_money
from dzong.payments.models import Payment, PaymentEvent
from dzong.payments.receipts import verification_url
from dzong.payments.services import amount_owed, fees_due


def language() -> str:
    return "dz" if get_language() == "dz" else "en"


def money(amount: int, currency: str) -> str:
    return format_money(amount, currency, language())


def moment(value: dt.datetime | None) -> str:
    return format_moment(timezone.localtime(value), language()) if value else ""


def pay_page(application: Application, purpose: str, error: str) -> dict[str, Any]:
    """The breakdown of the fees due, their total and the agencies they go to."""
    currency, shares = fees_due(application=application, purpose=purpose)
    lang = language()
    definition = application.definition
    lines = [
        (
            share.label_dz or share.label_en if lang == "dz" else share.label_en,
            definition.agency_name(share.agency).get(lang),
            money(share.amount, currency),
        )
        for share in shares
    ]
    return {
        "application": application,
        "service": definition.title.get(lang),
        "lines": lines,
        "total": money(sum(s.amount for s in shares), currency),
        "before_submission": purpose == Payment.Purpose.BEFORE_SUBMISSION,
        "error": error,
    }


def return_page(payment: Payment) -> dict[str, Any]:
    """The payment's state as the payer should read it."""
    application = payment.application
    when = "before-submission" if payment.purpose == "before_submission" else "after-approval"
    return {
        "payment": payment,
        "application": application,
        "service": application.definition.title.get(language()),
        "amount": money(payment.amount, payment.currency),
        "when": when,
        "submitted": not application.is_draft,
    }


def receipt(payment: Payment, *, public: bool = False) -> dict[str, Any]:
    """A receipt: what was paid, when, how, and into which agency's account."""
    lang = language()
    definition = payment.application.definition
    lines = [
        (
            line.label(lang),
            definition.agency_name(line.agency).get(lang),
            line.account,
            money(line.amount, payment.currency),
        )
        for line in payment.lines.all()
    ]
    return {
        "payment": payment,
        "application": None if public else payment.application,
        "service": definition.title.get(lang),
        "lines": lines,
        "amount": money(payment.amount, payment.currency),
        "paid_at": moment(payment.paid_at),
        "refunded_at": moment(payment.refunded_at),
        "channel": payment.provider,
        "verification_url": verification_url(payment),
    }


def application_payments(application: Application) -> dict[str, Any]:
    """For the application's page: its receipts, and fees owed after approval."""
    paid = [
        (money(p.amount, p.currency), p.reference)
        for p in application.payments.filter(status__in=["paid", "refunded"])
    ]
    owed = 0
    if application.status == Application.Status.APPROVED:
        owed = amount_owed(application=application, purpose="after_approval")
    currency = application.fees[0]["currency"] if application.fees else "BTN"
    return {
        "receipts": paid,
        "owed": money(owed, currency) if owed else "",
        "refunds": refunds(application),
    }


def refunds(application: Application) -> list[tuple[str, str]]:
    """Each refund of the application's fees: how much, and when."""
    given_back = PaymentEvent.objects.filter(
        payment__application=application, kind=PaymentEvent.Kind.REFUNDED
    ).select_related("payment")
    return [
        (money(int(e.details.get("amount", p.amount)), p.currency), moment(e.created_at))
        for e in given_back
        if (p := e.payment) is not None
    ]
