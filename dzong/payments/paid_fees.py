"""Answers hold the fees paid for them: once the fees due before submission are paid, an
answer that would change those fees is refused with a clear message, never saved silently,
and the applicant is shown what they paid for.

Answers that keep the fees as paid (a phone number, a corrected name) may still change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from dzong.applications.models import Application
from dzong.applications.services import form_for
from dzong.engine.errors import EngineError
from dzong.engine.fees import compute_fees
from dzong.payments.models import Payment
from dzong.payments.presenters import language, money
from dzong.payments.services import BEFORE, paid_payment


@dataclass(frozen=True)
class FeesChanged:
    """The fees as paid, and as the new answers would make them, in minor units."""

    paid: int
    now: int
    currency: str

    def message(self) -> str:
        """What the applicant reads, in their language."""
        return _(
            "You have already paid %(paid)s for the fees of your answers. This change would "
            "make the fees %(now)s, so it cannot be made now. Keep the answer you paid for, "
            "or contact the agency to change it."
        ) % {"paid": money(self.paid, self.currency), "now": money(self.now, self.currency)}


def _paid_by_fee(payment: Payment) -> dict[str, int]:
    paid: dict[str, int] = defaultdict(int)
    for line in payment.lines.all():
        paid[line.fee] += line.amount
    return dict(paid)


def _paid_before(application: Application) -> Payment | None:
    """The payment of the fees due before submission; no query for a service that asks none."""
    if not any(fee.due == BEFORE for fee in application.definition.fees):
        return None
    return paid_payment(application=application, purpose=BEFORE)


def fees_change(*, application: Application, answers: Mapping[str, Any]) -> FeesChanged | None:
    """How these answers would change the fees already paid before submission; None if they
    keep them (or nothing is paid yet, or the fees cannot be worked out yet).

    It holds for a draft's pages and, once submitted, for the answers sent back."""
    payment = _paid_before(application)
    if payment is None:
        return None
    form = form_for(application)
    try:
        fees = compute_fees(application.definition, form.effective_answers(answers))
    except EngineError:
        return None
    now = {line.code: line.amount for line in fees.lines if line.due == BEFORE and line.amount}
    if now == _paid_by_fee(payment):
        return None
    return FeesChanged(paid=payment.amount, now=sum(now.values()), currency=payment.currency)


def refuse_fee_change(
    *, application: Application, page_code: str, submitted: Mapping[str, Any]
) -> dict[str, str]:
    """Errors for the page's changed answers when they would change fees already paid; none
    when the answers keep them."""
    if _paid_before(application) is None:
        return {}
    form = form_for(application)
    page = application.definition.page(page_code)
    if page is None:
        return {}
    kept_files = {f.code: application.answers.get(f.code) for f in page.fields if f.type == "file"}
    answers = form.validate_page(page_code, kept_files | dict(submitted), application.answers)
    return refuse_changed_answers(
        application=application, answers=answers.answers, fields=[f.code for f in page.fields]
    )


def refuse_changed_answers(
    *, application: Application, answers: Mapping[str, Any], fields: Sequence[str]
) -> dict[str, str]:
    """Errors for those of `fields` whose answers changed, when these answers would change the
    fees already paid (both amounts in the message); none when they keep them."""
    change = fees_change(application=application, answers=answers)
    if change is None:
        return {}
    changed = [code for code in fields if answers.get(code) != application.answers.get(code)]
    return dict.fromkeys(changed or list(fields)[:1], change.message())


def paid_for(application: Application) -> dict[str, Any] | None:
    """For the pages before submission: the fees paid, and the receipt to see them on."""
    payment = _paid_before(application) if application.is_draft else None
    if payment is None:
        return None
    lang = language()
    return {
        "lines": [
            (line.label(lang), money(line.amount, payment.currency)) for line in payment.lines.all()
        ],
        "total": money(payment.amount, payment.currency),
        "reference": payment.reference,
    }
