"""Cashiers' pages for cash refunds: the refunds due at the counter for their agencies, the
pay-back recorded (amount, who received it, the receipt number), and its refund receipt."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dzong.payments import presenters
from dzong.payments.models import CounterRefund, Payment
from dzong.payments.queries import COUNTER_ROLES
from dzong.payments.receipts import render_refund_receipt_pdf
from dzong.payments.refunds import (
    CounterRefundRefused,
    due_at_counter,
    record_counter_refund,
    refund_due_lines,
)
from dzong.payments.staff_views import staff_with

TIBETAN_DIGITS = str.maketrans("༠༡༢༣༤༥༦༧༨༩", "0123456789")
MINOR_UNITS = 100  # chhertum in a ngultrum
AMOUNT = re.compile(r"\d{1,12}(\.\d{1,2})?")


def _agencies(request: HttpRequest) -> set[str]:
    return request.agencies  # type: ignore[attr-defined,no-any-return]


def _due_payment(request: HttpRequest, reference: str) -> Payment:
    """A payment marked for refund at the counter, with money of one of the cashier's agencies."""
    found: Payment | None = (
        due_at_counter(agencies=_agencies(request)).filter(reference=reference).first()
    )
    if found is None:
        raise Http404("No refund due at your counter has this reference.")
    return found


def _refunded_payment(request: HttpRequest, reference: str) -> CounterRefund:
    found: CounterRefund | None = (
        CounterRefund.objects.filter(
            payment__reference=reference, payment__lines__agency__in=_agencies(request)
        )
        .select_related("payment__application__service_version")
        .first()
    )
    if found is None:
        raise Http404("No refund paid back at your counter has this reference.")
    return found


def _row(payment: Payment) -> dict[str, Any]:
    lines = refund_due_lines(payment)
    return {
        "payment": payment,
        "service": payment.application.definition.title.get(presenters.language()),
        "applicant": payment.application.applicant,
        "due": presenters.money(sum(line.amount for line in lines), payment.currency),
        "paid_at": presenters.moment(payment.paid_at),
    }


@staff_with(COUNTER_ROLES)
@require_GET
def refunds_due(request: HttpRequest) -> HttpResponse:
    """The cash refunds waiting to be handed back for the cashier's agencies."""
    rows = [_row(payment) for payment in due_at_counter(agencies=_agencies(request))[:200]]
    return render(request, "payments/counter_refunds.html", {"rows": rows})


def parse_amount(typed: str) -> int | None:
    """Ngultrum as typed (1500, 1,500, Nu. 1,500.50, or in Tibetan digits) in chhertum."""
    cleaned = typed.translate(TIBETAN_DIGITS).replace(",", "").replace("Nu.", "").strip()
    if not AMOUNT.fullmatch(cleaned):
        return None
    return int(Decimal(cleaned) * MINOR_UNITS)


@staff_with(COUNTER_ROLES)
@require_http_methods(["GET", "POST"])
def pay_back(request: HttpRequest, reference: str) -> HttpResponse:
    """Record the cash handed back for one payment; then show where its receipt is."""
    payment = _due_payment(request, reference)
    typed = {key: request.POST.get(key, "")[:200] for key in FIELDS}
    errors: dict[str, str] = {}
    if request.method == "POST":
        amount = parse_amount(typed["amount"])
        try:
            if amount is None:
                message = _("Enter the amount in ngultrum, like 1500 or 1,500.50.")
                raise CounterRefundRefused(message, field="amount")
            record_counter_refund(
                payment=payment,
                amount=amount,
                received_by=typed["received_by"],
                receipt_number=typed["receipt_number"],
                staff=request.user,
            )
            return redirect("counter:refund_done", payment.reference)
        except CounterRefundRefused as refused:
            errors[refused.field] = str(refused)
    context = {**_row(payment), "typed": typed, "errors": errors}
    return render(request, "payments/counter_refund.html", context)


FIELDS = ("amount", "received_by", "receipt_number")


@staff_with(COUNTER_ROLES)
@require_GET
def refund_done(request: HttpRequest, reference: str) -> HttpResponse:
    """The pay-back recorded, with its refund receipt to print."""
    refund = _refunded_payment(request, reference)
    context = {
        "refund": refund,
        "amount": presenters.money(refund.amount, refund.payment.currency),
    }
    return render(request, "payments/counter_refund_done.html", context)


@staff_with(COUNTER_ROLES)
@require_GET
def refund_receipt_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    """The refund receipt as a PDF in Dzongkha and English, to print and hand over."""
    refund = _refunded_payment(request, reference)
    response = HttpResponse(render_refund_receipt_pdf(refund=refund), "application/pdf")
    filename = f"refund-{refund.payment.reference}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
