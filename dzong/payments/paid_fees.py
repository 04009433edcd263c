"""Answers hold the fees paid for them: the applicant is shown what they paid for, before
submission. The rule that refuses an answer changing fees already paid is
`dzong.applications.fees`, checked by every service that keeps answers.
"""

from __future__ import annotations

from typing import Any

from dzong.applications.fees import paid_before_submission
from dzong.applications.models import Application
from dzong.payments.presenters import language, money


def paid_for(application: Application) -> dict[str, Any] | None:
    """For the pages before submission: the fees paid, and the receipt to see them on."""
    payment = paid_before_submission(application) if application.is_draft else None
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
