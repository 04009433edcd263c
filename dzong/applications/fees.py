"""Fees an application's answers owe and have paid: the rules every way of changing or
submitting an application checks.

Once the fees due before submission are paid, an answer that would change them is refused
with a clear message, never saved silently; answers that keep them (a phone number, a
corrected name) may still change. A draft whose fees are due before submission is submitted
only once they are paid. Payments are read through the application (`application.payments`),
so that this rule stays below the payments app that takes them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dzong.applications.models import Application
from dzong.engine.errors import EngineError
from dzong.engine.fees import FeeBreakdown, compute_fees
from dzong.engine.form import Form
from dzong.engine.formatting import format_money

BEFORE = "before_submission"


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
        ) % {"paid": _money(self.paid, self.currency), "now": _money(self.now, self.currency)}


def _money(amount: int, currency: str) -> str:
    return format_money(amount, currency, "dz" if get_language() == "dz" else "en")


def paid_before_submission(application: Application) -> Any:
    """The payment that settled the fees due before submission, if any; no query for a
    service that asks none."""
    if not any(fee.due == BEFORE for fee in application.definition.fees):
        return None
    return application.payments.filter(purpose=BEFORE, status="paid").first()


def unpaid_before_submission(application: Application, fees: FeeBreakdown) -> int:
    """What of these fees, due before submission, is still unpaid (0 when paid or none is
    due). A designer's test run takes no money, so owes nothing."""
    due = fees.due(BEFORE)
    if not due or application.is_test:
        return 0
    # An application not yet written (sent whole through the API) has paid nothing.
    paid = application.pk is not None and paid_before_submission(application) is not None
    return 0 if paid else due


def fees_change(
    *, application: Application, answers: Mapping[str, Any], form: Form | None = None
) -> FeesChanged | None:
    """How these answers would change the fees already paid before submission; None if they
    keep them (or nothing is paid yet, or the fees cannot be worked out yet).

    It holds for a draft's pages and, once submitted, for the answers sent back."""
    payment = paid_before_submission(application)
    if payment is None:
        return None
    form = form or Form(
        application.definition, language=application.language, today=timezone.localdate()
    )
    try:
        fees = compute_fees(application.definition, form.effective_answers(answers))
    except EngineError:
        return None
    now = {line.code: line.amount for line in fees.lines if line.due == BEFORE and line.amount}
    if now == _paid_by_fee(payment):
        return None
    return FeesChanged(paid=payment.amount, now=sum(now.values()), currency=payment.currency)


def refuse_changed_answers(
    *,
    application: Application,
    answers: Mapping[str, Any],
    fields: Sequence[str],
    form: Form | None = None,
) -> dict[str, str]:
    """Errors for those of `fields` whose answers changed, when these answers would change the
    fees already paid (both amounts in the message); none when they keep them."""
    change = fees_change(application=application, answers=answers, form=form)
    if change is None:
        return {}
    changed = [code for code in fields if answers.get(code) != application.answers.get(code)]
    return dict.fromkeys(changed or list(fields)[:1], change.message())


def _paid_by_fee(payment: Any) -> dict[str, int]:
    paid: dict[str, int] = defaultdict(int)
    for line in payment.lines.all():
        paid[line.fee] += line.amount
    return dict(paid)
