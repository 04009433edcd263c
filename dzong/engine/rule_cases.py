"""Running JsonLogic case files: `[rule, data, expected]` entries, strings as headings."""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from typing import Any

from dzong.engine.errors import RuleError
from dzong.engine.jsonlogic import Evaluator, is_number


@dataclass
class CaseResults:
    """How many cases passed, and a line for each that did not."""

    passed: int = 0
    failures: list[str] = field(default_factory=list)


def same_value(actual: Any, expected: Any) -> bool:
    """Deep equality as JavaScript sees JSON: numbers by value, booleans apart from numbers."""
    if is_number(actual) and is_number(expected):
        return bool(actual == expected) or (math.isnan(actual) and math.isnan(expected))
    if type(actual) is not type(expected):
        return False
    if isinstance(actual, list):
        return len(actual) == len(expected) and all(map(same_value, actual, expected))
    if isinstance(actual, dict):
        return actual.keys() == expected.keys() and all(
            same_value(actual[k], expected[k]) for k in actual
        )
    return bool(actual == expected)


def run_cases(cases: list[Any], *, today: str | None = None) -> CaseResults:
    """Evaluate every case; the evaluator's `today` is fixed when given."""
    evaluator = Evaluator(today=dt.date.fromisoformat(today) if today else None)
    results = CaseResults()
    for case in cases:
        if isinstance(case, str):
            continue
        rule, data, expected = case
        try:
            actual = evaluator.apply(rule, data)
        except RuleError as error:
            actual = f"error: {error}"
        if same_value(actual, expected):
            results.passed += 1
        else:
            results.failures.append(
                f"{json.dumps(rule)} with {json.dumps(data)}: expected {json.dumps(expected)}, "
                f"got {json.dumps(actual)}"
            )
    return results
