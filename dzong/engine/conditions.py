"""The condition builder: rows of (field, comparison, value), all or any, as JsonLogic."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

COMPARISONS = ("==", "!=", ">", ">=", "<", "<=")
COMBINERS = {"all": "and", "any": "or"}


@dataclass(frozen=True)
class Condition:
    """One row of the builder: the answer to `field` compared with `value`."""

    field: str
    comparison: str
    value: Any


def typed_value(text: str) -> Any:
    """What a typed value means in a rule: yes/no, a whole number, a number or text."""
    cleaned = text.strip()
    if cleaned.lower() in ("true", "yes"):
        return True
    if cleaned.lower() in ("false", "no"):
        return False
    for kind in (int, float):
        try:
            return kind(cleaned)
        except ValueError:
            continue
    return cleaned


def build_rule(conditions: list[Condition], combine: str = "all") -> Any:
    """The JsonLogic of the rows (None when there are none)."""
    rules = [{c.comparison: [{"var": c.field}, c.value]} for c in conditions]
    if not rules:
        return None
    if len(rules) == 1:
        return rules[0]
    return {COMBINERS[combine]: rules}


def read_rule(rule: Any) -> tuple[str, list[Condition]] | None:
    """The builder's rows for a rule it could have written; None for any other rule."""
    if rule is None:
        return "all", []
    if isinstance(rule, dict) and len(rule) == 1:
        operator, operands = next(iter(rule.items()))
        for combine, logic in COMBINERS.items():
            if operator == logic and isinstance(operands, list):
                rows = [_row(item) for item in operands]
                return None if None in rows else (combine, [r for r in rows if r])
        row = _row(rule)
        return ("all", [row]) if row else None
    return None


def _row(rule: Any) -> Condition | None:
    if not (isinstance(rule, dict) and len(rule) == 1):
        return None
    operator, operands = next(iter(rule.items()))
    if operator not in COMPARISONS or not isinstance(operands, list) or len(operands) != 2:
        return None
    left, right = operands
    if not (isinstance(left, dict) and set(left) == {"var"} and isinstance(left["var"], str)):
        return None
    if isinstance(right, dict | list):
        return None
    return Condition(left["var"], operator, right)
