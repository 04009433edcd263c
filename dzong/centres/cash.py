"""Cash at a community centre: the operator takes it through the counter's one money path
(the centre is its own channel), each entry goes in the centre's cash book, and each day's
cash is closed and handed over with its total."""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from dzong.centres.models import AssistedApplication, CashEntry, CashHandover, Operator
from dzong.centres.services import CentreRefused
from dzong.engine.errors import EngineError
from dzong.payments.models import Payment, PaymentLine
from dzong.payments.reconciliation import day_bounds
from dzong.payments.services import PaymentRefused, amount_owed, record_counter_payment

CHANNEL = "centre"


def purpose_of(assisted: AssistedApplication) -> str:
    """The fees due now: before submission for a draft, after approval otherwise."""
    application = assisted.application
    return "before_submission" if application and application.is_draft else "after_approval"


def cash_due(assisted: AssistedApplication) -> int:
    """What the citizen owes now, in minor units (0 when nothing is due)."""
    if assisted.application is None:
        return 0
    try:
        return amount_owed(application=assisted.application, purpose=purpose_of(assisted))
    except EngineError:  # the answers are not complete enough to work the fees out
        return 0


def take_cash(*, operator: Operator, assisted: AssistedApplication) -> Payment:
    """Cash for the fees due, taken by the operator who made the application, against a
    receipt numbered by the centre; the application moves on as after any counter payment.
    CentreRefused with the reason otherwise."""
    if assisted.operator_id != operator.user_id or assisted.centre_id != operator.centre_id:
        raise CentreRefused({"cash": _("Only the operator who made this application can")})
    if assisted.application is None:
        raise CentreRefused({"cash": _("The citizen has not consented yet.")})
    if not cash_due(assisted):  # paid already (a second click), or nothing is due now
        raise CentreRefused({"cash": _("Nothing is due now.")})
    receipt = f"{operator.centre.code.upper()}-{secrets.token_hex(5).upper()}"
    try:
        with transaction.atomic():
            payment = record_counter_payment(
                application=assisted.application,
                purpose=purpose_of(assisted),
                receipt_number=receipt,
                staff=operator.user,
                channel=CHANNEL,
            )
            CashEntry.objects.create(
                payment=payment, centre=operator.centre, operator=operator.user
            )
    except PaymentRefused as refused:
        raise CentreRefused({"cash": str(refused)}) from refused
    return payment


def open_entries(operator: Operator) -> Any:
    """The operator's cash at their centre not yet handed over."""
    return CashEntry.objects.filter(
        operator=operator.user, centre=operator.centre, handover=None
    ).select_related("payment", "payment__application")


def close_day(*, operator: Operator, handed_to: str) -> CashHandover:
    """Close the operator's cash so far (not yet handed over) and record to whom it went,
    with its total; CentreRefused when there is nothing to hand over."""
    handed_to = handed_to.strip()[:200]
    if not handed_to:
        raise CentreRefused({"handed_to": _("Enter who received the cash")})
    with transaction.atomic():
        entries = list(open_entries(operator).select_for_update(of=("self",)))
        if not entries:
            raise CentreRefused({"handed_to": _("There is no cash to hand over.")})
        handover = CashHandover.objects.create(
            centre=operator.centre,
            operator=operator.user,
            day=timezone.localdate(),
            total=sum(entry.payment.amount for entry in entries),
            currency=entries[0].payment.currency,
            handed_to=handed_to,
        )
        CashEntry.objects.filter(pk__in=[e.pk for e in entries]).update(handover=handover)
    return handover


@dataclass
class CashReport:
    """The centres' cash of one local day: per centre, per operator, per agency account, and
    what was handed over."""

    day: dt.date
    by_centre: dict[str, int] = field(default_factory=dict)
    by_operator: dict[str, int] = field(default_factory=dict)
    by_account: dict[str, int] = field(default_factory=dict)
    handed_over: list[CashHandover] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.by_centre.values())

    @property
    def total_handed_over(self) -> int:
        return sum(handover.total for handover in self.handed_over)


def cash_report(*, day: dt.date) -> CashReport:
    """The centres' cash taken on `day` (each fee line at its agency's account, as online
    payments are split), and the day's handovers."""
    start, end = day_bounds(day)
    lines = PaymentLine.objects.filter(
        payment__centre_cash__taken_at__gte=start, payment__centre_cash__taken_at__lt=end
    ).select_related("payment__centre_cash__centre", "payment__centre_cash__operator")
    report = CashReport(day=day)
    sums: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for line in lines:
        entry = line.payment.centre_cash
        sums["centre"][entry.centre.name] += line.amount
        sums["operator"][str(entry.operator)] += line.amount
        sums["account"][f"{line.agency} · {line.account}"] += line.amount
    report.by_centre = dict(sorted(sums["centre"].items()))
    report.by_operator = dict(sorted(sums["operator"].items()))
    report.by_account = dict(sorted(sums["account"].items()))
    handovers = CashHandover.objects.filter(day=day).select_related("centre", "operator")
    report.handed_over = list(handovers)
    return report


def handed_over_total(*, operator: Operator, day: dt.date) -> int:
    """What this operator handed over on `day`."""
    found = CashHandover.objects.filter(operator=operator.user, day=day).aggregate(Sum("total"))
    return int(found["total__sum"] or 0)
