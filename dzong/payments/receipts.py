"""A payment's receipt as a PDF in Dzongkha and English, printed like the certificates.

The certificates' renderer lays out each language's title, agency and facts, embeds the
Tibetan font, and prints the verification code and a QR code of the address that checks it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dzong.certificates.rendering import LANGUAGES, render_pdf
from dzong.certificates.services import agency_emblem
from dzong.engine.formatting import format_moment, format_money
from dzong.payments.models import CounterRefund, Payment


def verification_url(payment: Payment) -> str:
    """Where anyone can check the receipt is genuine."""
    path = reverse("payments:verify", args=[payment.verification_code])
    return settings.DZONG_SITE_URL.rstrip("/") + path


def render_receipt_pdf(*, payment: Payment) -> bytes:
    """The receipt of a paid (or since refunded) payment, as PDF bytes."""
    content = {}
    for language in LANGUAGES:
        with translation.override(language):
            content[language] = _section(payment, language)
    return render_pdf(
        content,
        code=payment.verification_code,
        url=verification_url(payment),
        emblem=agency_emblem(_receiving_agency(payment)),
    )


def render_refund_receipt_pdf(*, refund: CounterRefund) -> bytes:
    """The receipt of cash handed back at a counter, as PDF bytes, in Dzongkha and English."""
    payment = refund.payment
    content = {}
    for language in LANGUAGES:
        with translation.override(language):
            content[language] = _refund_section(refund, language)
    return render_pdf(
        content,
        code=payment.verification_code,
        url=verification_url(payment),
        emblem=agency_emblem(_receiving_agency(payment)),
    )


def _refund_section(refund: CounterRefund, language: str) -> dict[str, Any]:
    """The refund receipt in one language: what was handed back, to whom, when."""
    payment = refund.payment
    definition = payment.application.definition
    refunded = payment.lines.exclude(refunded_at=None)
    agencies = dict.fromkeys(definition.agency_name(line.agency).get(language) for line in refunded)
    facts = [
        (_("Payment reference"), payment.reference),
        (_("Application reference"), payment.application.reference),
        (_("Service"), definition.title.get(language)),
        (_("Refund receipt number"), refund.receipt_number),
        (_("Handed back on"), format_moment(timezone.localtime(refund.recorded_at), language)),
        (_("Received by"), refund.received_by),
    ]
    facts += [
        (
            _line_label(line, definition, language),
            format_money(line.amount, payment.currency, language),
        )
        for line in refunded
    ]
    facts.append((_("Total handed back"), format_money(refund.amount, payment.currency, language)))
    return {
        "title": _("Refund receipt"),
        "agency": " · ".join(agencies),
        "facts": facts,
        "paragraphs": [_("Cash handed back at the counter for fees of a rejected application.")],
    }


def _receiving_agency(payment: Payment) -> str:
    """The agency whose emblem heads the receipt: the one paid, or the service's if several."""
    agencies = set(payment.lines.values_list("agency", flat=True))
    return agencies.pop() if len(agencies) == 1 else payment.application.definition.agency


def _section(payment: Payment, language: str) -> dict[str, Any]:
    """The receipt in one language: who was paid, for what, how and when."""
    definition = payment.application.definition
    lines = list(payment.lines.all())
    agencies = dict.fromkeys(definition.agency_name(line.agency).get(language) for line in lines)

    def money(amount: int) -> str:
        return format_money(amount, payment.currency, language)

    def moment(value: Any) -> str:
        return format_moment(timezone.localtime(value), language) if value else ""

    facts = [
        (_("Payment reference"), payment.reference),
        (_("Application reference"), payment.application.reference),
        (_("Service"), definition.title.get(language)),
        (_("Paid on"), moment(payment.paid_at)),
        (_("Paid by"), _channel(payment)),
    ]
    if payment.counter_receipt:
        facts.append((_("Receipt number"), payment.counter_receipt))
    facts += [(_line_label(line, definition, language), money(line.amount)) for line in lines]
    facts.append((_("Total"), money(payment.amount)))
    paragraphs = []
    if payment.status == Payment.Status.REFUNDED:
        refunded = moment(payment.refunded_at)
        paragraphs.append(_("This payment was refunded on %(day)s.") % {"day": refunded})
    return {
        "title": _("Receipt"),
        "agency": " · ".join(agencies),
        "facts": facts,
        "paragraphs": paragraphs,
    }


def _line_label(line: Any, definition: Any, language: str) -> str:
    agency = definition.agency_name(line.agency).get(language)
    account = _("Account")
    return f"{line.label(language)} · {agency} · {account} {line.account}"


def _channel(payment: Payment) -> str:
    if payment.provider == "centre":
        return _("Cash at a community centre")
    return _("Cash at a counter") if payment.provider == "counter" else _("Online")
