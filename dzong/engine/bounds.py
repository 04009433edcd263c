"""The range a rule's number can take, from the bounds of the fields it reads.

Used to prove that a fee can never go negative. The analysis is conservative: when it
cannot tell, the range is unbounded, and the designer is asked to add bounds.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from dzong.engine.jsonlogic import is_number, is_rule


@dataclass(frozen=True)
class Interval:
    """A closed range of numbers; infinite ends mean unknown."""

    low: float
    high: float

    @classmethod
    def exactly(cls, value: float) -> Interval:
        return cls(value, value)

    def __or__(self, other: Interval) -> Interval:
        return Interval(min(self.low, other.low), max(self.high, other.high))


UNKNOWN = Interval(-math.inf, math.inf)


def _product(a: float, b: float) -> float:
    return 0 if 0 in (a, b) else a * b


def _add(parts: list[Interval]) -> Interval:
    return Interval(sum(p.low for p in parts), sum(p.high for p in parts))


def _multiply(parts: list[Interval]) -> Interval:
    result = Interval.exactly(1)
    for part in parts:
        corners = [_product(x, y) for x in (result.low, result.high) for y in (part.low, part.high)]
        result = Interval(min(corners), max(corners))
    return result


def _subtract(parts: list[Interval]) -> Interval:
    if len(parts) == 1:
        return Interval(-parts[0].high, -parts[0].low)
    return Interval(parts[0].low - parts[1].high, parts[0].high - parts[1].low)


def _extreme(pick: Callable[..., float]) -> Callable[[list[Interval]], Interval]:
    def combine(parts: list[Interval]) -> Interval:
        if not parts:
            return UNKNOWN
        return Interval(pick(p.low for p in parts), pick(p.high for p in parts))

    return combine


_COMBINERS: dict[str, Callable[[list[Interval]], Interval]] = {
    "+": _add,
    "*": _multiply,
    "-": _subtract,
    "min": _extreme(min),
    "max": _extreme(max),
}


def interval_of(rule: Any, variables: Mapping[str, Interval]) -> Interval:
    """The range of values `rule` can produce, given the range of each variable."""
    if is_number(rule):
        return Interval.exactly(rule)
    if not is_rule(rule):
        return UNKNOWN
    ((operator, args),) = rule.items()
    if not isinstance(args, list):
        args = [args]
    if operator == "var":
        path = args[0] if args else None
        return variables.get(path, UNKNOWN) if isinstance(path, str) else UNKNOWN
    if operator in ("if", "?:"):
        return _branches(args, variables)
    combiner = _COMBINERS.get(operator)
    if combiner is None or not args:
        return UNKNOWN
    return combiner([interval_of(arg, variables) for arg in args])


def _branches(args: list[Any], variables: Mapping[str, Interval]) -> Interval:
    outcomes = [args[i] for i in range(1, len(args), 2)]
    outcomes.append(args[-1] if len(args) % 2 == 1 else None)
    result: Interval | None = None
    for outcome in outcomes:
        part = Interval.exactly(0) if outcome is None else interval_of(outcome, variables)
        result = part if result is None else result | part
    return result or UNKNOWN
