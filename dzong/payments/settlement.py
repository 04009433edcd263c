"""Dzong's day of online payments against the provider's settlement report for that day.

For one agency: the payments with a fee of that agency paid that day through each online
provider, and what the provider says it took (leaving out payments Dzong knows belong to
other agencies only). Amounts are whole payments, as the provider knows them.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from dzong.payments.models import Payment
from dzong.payments.providers import provider
from dzong.payments.providers.base import ProviderError
from dzong.payments.reconciliation import day_bounds

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mismatch:
    """A payment one side has and the other has not, or with different amounts."""

    payment: str
    ours: int | None
    theirs: int | None

    @property
    def kind(self) -> str:
        if self.ours is None:
            return "only_at_provider"
        if self.theirs is None:
            return "only_in_dzong"
        return "amount_differs"


@dataclass
class Comparison:
    """One provider's day: Dzong's total, the provider's total, and what differs."""

    provider: str
    ours: int
    theirs: int | None = None
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def reachable(self) -> bool:
        return self.theirs is not None

    @property
    def matches(self) -> bool:
        return self.reachable and self.ours == self.theirs and not self.mismatches


def compare_with_providers(*, agency: str, day: dt.date) -> list[Comparison]:
    """For each online provider, the agency's day as Dzong and as the provider records it."""
    start, end = day_bounds(day)
    paid = Payment.objects.filter(
        paid_at__gte=start, paid_at__lt=end, lines__agency=agency, application__is_test=False
    )
    codes = {settings.DZONG_PAYMENT_PROVIDER, *paid.values_list("provider", flat=True)}
    online = sorted(code for code in codes if provider(code).online)
    return [_compare(code, agency, day, paid.filter(provider=code)) for code in online]


def _compare(code: str, agency: str, day: dt.date, paid: Any) -> Comparison:
    ours = dict(paid.distinct().values_list("reference", "amount"))
    comparison = Comparison(provider=code, ours=sum(ours.values()))
    try:
        notices = provider(code).settlement(day, settings.TIME_ZONE)
    except ProviderError as error:
        log.warning("No settlement report from %s: %s", code, error)
        return comparison
    others = _of_other_agencies({notice.reference for notice in notices}, agency)
    theirs = {n.reference: n.amount for n in notices if n.reference not in others}
    comparison.theirs = sum(theirs.values())
    comparison.mismatches = [
        Mismatch(reference, ours.get(reference), theirs.get(reference))
        for reference in sorted(ours.keys() | theirs.keys())
        if ours.get(reference) != theirs.get(reference)
    ]
    return comparison


def _of_other_agencies(references: set[str], agency: str) -> set[str]:
    """References Dzong knows whose fees all belong to other agencies."""
    known = Payment.objects.filter(reference__in=references).exclude(lines__agency=agency)
    return set(known.values_list("reference", flat=True))
