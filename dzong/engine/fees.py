"""The fees an application owes, with their breakdown by agency and revenue account."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dzong.engine.definition import Fee, Service, Text
from dzong.engine.errors import EngineError, RuleError
from dzong.engine.jsonlogic import Evaluator, is_number, truthy


class FeeError(EngineError):
    """A fee's rule gave no usable amount for these answers."""


@dataclass(frozen=True)
class FeeLine:
    """One fee owed: its amount in minor units and where the money goes."""

    code: str
    label: Text
    agency: str
    account: str
    amount: int
    due: str


@dataclass(frozen=True)
class FeeBreakdown:
    """Every fee owed, and the total, in one currency."""

    currency: str
    lines: tuple[FeeLine, ...]

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    def due(self, when: str) -> int:
        """The total due at `when` (before_submission or after_approval)."""
        return sum(line.amount for line in self.lines if line.due == when)


def compute_fees(service: Service, answers: Mapping[str, Any]) -> FeeBreakdown:
    """The fees these answers owe; FeeError if a rule gives no whole, non-negative amount."""
    evaluator = Evaluator()
    data = dict(answers)
    lines = []
    for fee in service.fees:
        try:
            if not truthy(evaluator.apply(fee.applies_if, data)):
                continue
            amount = evaluator.apply(fee.amount, data)
        except RuleError as error:
            raise FeeError(f"The fee '{fee.code}' cannot be computed: {error}") from error
        lines.append(_line(fee, amount))
    return FeeBreakdown(currency=service.currency, lines=tuple(lines))


def _line(fee: Fee, amount: Any) -> FeeLine:
    if not is_number(amount) or not math.isfinite(amount) or amount < 0:
        raise FeeError(f"The fee '{fee.code}' gave {amount!r}, not an amount.")
    return FeeLine(
        code=fee.code,
        label=fee.label,
        agency=fee.agency,
        account=fee.account,
        amount=round(amount),
        due=fee.due,
    )
