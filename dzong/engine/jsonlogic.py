"""A JsonLogic evaluator with the semantics of the reference JavaScript implementation.

The browser runs `dzong/static/dzong/js/rules.js`, a mirror of this module; both pass the
shared conformance cases and Dzong's own edge cases, so a rule means the same thing on
both sides. JavaScript's loose comparisons and number parsing are reproduced on purpose.
Three date operations are Dzong's own: `today`, `years_between` and `days_between`,
on ISO dates (`YYYY-MM-DD`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from dzong.engine.errors import RuleError

JsonValue = Any
Operation = Callable[..., JsonValue]

_NUMBER_LITERAL = re.compile(r"^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$")
_FLOAT_PREFIX = re.compile(r"^[+-]?(?:Infinity|\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)")
_JS_WHITESPACE = " \t\n\r\v\f\u00a0\ufeff\u2028\u2029"


def is_number(value: object) -> bool:
    """True for JSON numbers (Python's bool is not one)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def tidy_number(value: float) -> int | float:
    """Return integral floats as int, as JavaScript prints them."""
    if math.isfinite(value) and value == int(value) and abs(value) < 2**53:
        return int(value)
    return value


def truthy(value: JsonValue) -> bool:
    """JsonLogic truthiness: JavaScript's, except that an empty array is false."""
    if isinstance(value, list):
        return len(value) > 0
    if isinstance(value, dict):
        return True
    if is_number(value):
        return value != 0 and not math.isnan(value)
    return bool(value)


def to_string(value: JsonValue) -> str:
    """JavaScript's String(value)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return _number_to_string(value)
    if isinstance(value, list):
        return ",".join("" if item is None else to_string(item) for item in value)
    if isinstance(value, dict):
        return "[object Object]"
    return str(value)


def _number_to_string(value: float) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        value = tidy_number(value)
        if isinstance(value, float):
            return repr(value)
    return str(value)


def to_number(value: JsonValue) -> float:
    """JavaScript's Number(value)."""
    if value is None:
        return 0
    if isinstance(value, bool):
        return 1 if value else 0
    if is_number(value):
        return value  # type: ignore[no-any-return]
    if isinstance(value, list | dict):
        return to_number(to_string(value))
    text = str(value).strip(_JS_WHITESPACE)
    if text == "":
        return 0
    if text in ("Infinity", "+Infinity"):
        return math.inf
    if text == "-Infinity":
        return -math.inf
    if re.fullmatch(r"0[xX][0-9a-fA-F]+", text):
        return int(text, 16)
    if _NUMBER_LITERAL.match(text):
        return tidy_number(float(text))
    return math.nan


def parse_float(value: JsonValue) -> float:
    """JavaScript's parseFloat(value): the longest numeric prefix, else NaN."""
    if is_number(value):
        return value  # type: ignore[no-any-return]
    match = _FLOAT_PREFIX.match(to_string(value).lstrip(_JS_WHITESPACE))
    if not match:
        return math.nan
    text = match.group(0)
    if text.lstrip("+-") == "Infinity":
        return -math.inf if text.startswith("-") else math.inf
    return tidy_number(float(text))


def _to_primitive(value: JsonValue) -> JsonValue:
    return to_string(value) if isinstance(value, list | dict) else value


def loose_equals(left: JsonValue, right: JsonValue) -> bool:
    """JavaScript's `==`."""
    if left is None or right is None:
        return left is None and right is None
    if isinstance(left, list | dict) and isinstance(right, list | dict):
        return left is right
    left, right = _to_primitive(left), _to_primitive(right)
    if isinstance(left, str) and isinstance(right, str):
        return left == right
    return to_number(left) == to_number(right)


def strict_equals(left: JsonValue, right: JsonValue) -> bool:
    """JavaScript's `===`."""
    if is_number(left) and is_number(right):
        return bool(left == right)
    if type(left) is not type(right):
        return False
    if isinstance(left, list | dict):
        return left is right
    return bool(left == right)


def _less(left: JsonValue, right: JsonValue, *, or_equal: bool) -> bool:
    left, right = _to_primitive(left), _to_primitive(right)
    if isinstance(left, str) and isinstance(right, str):
        return left <= right if or_equal else left < right
    a, b = to_number(left), to_number(right)
    return a <= b if or_equal else a < b


def _chain(*values: JsonValue, or_equal: bool) -> bool:
    return all(_less(values[i], values[i + 1], or_equal=or_equal) for i in range(len(values) - 1))


def _substr(source: JsonValue, start: JsonValue, length: JsonValue = None) -> str:
    text = to_string(source)
    begin = int(to_number(start))
    if begin < 0:
        begin = max(len(text) + begin, 0)
    rest = text[begin:]
    if length is None:
        return rest
    count = int(to_number(length))
    return rest[: len(rest) + count] if count < 0 else rest[:count]


def _contains(needle: JsonValue, haystack: JsonValue) -> bool:
    if isinstance(haystack, str):
        return to_string(needle) in haystack
    if isinstance(haystack, list):
        return any(strict_equals(needle, item) for item in haystack)
    raise RuleError("'in' needs a text or a list to look in")


def _merge(*values: JsonValue) -> list[JsonValue]:
    merged: list[JsonValue] = []
    for value in values:
        merged.extend(value if isinstance(value, list) else [value])
    return merged


def _arith(result: float) -> int | float:
    return tidy_number(result) if isinstance(result, float) else result


def _add(*values: JsonValue) -> float:
    return _arith(math.fsum(parse_float(v) for v in values) if values else 0)


def _multiply(*values: JsonValue) -> float:
    product: float = 1
    for value in values:
        product *= parse_float(value)
    return _arith(product)


def _subtract(left: JsonValue, *right: JsonValue) -> float:
    if not right:
        return _arith(-to_number(left))
    return _arith(to_number(left) - to_number(right[0]))


def _divide(left: JsonValue, right: JsonValue) -> float:
    numerator, denominator = to_number(left), to_number(right)
    if denominator == 0:
        if numerator == 0 or math.isnan(numerator):
            return math.nan
        return math.copysign(math.inf, numerator)
    return _arith(numerator / denominator)


def _modulo(left: JsonValue, right: JsonValue) -> float:
    numerator, denominator = to_number(left), to_number(right)
    if denominator == 0 or math.isinf(numerator):
        return math.nan
    return _arith(math.fmod(numerator, denominator))


def _extreme(pick: Callable[..., float], empty: float) -> Operation:
    def operation(*values: JsonValue) -> float:
        numbers = [to_number(v) for v in values]
        if any(math.isnan(n) for n in numbers):
            return math.nan
        return pick(numbers) if numbers else empty

    return operation


def parse_date(value: JsonValue) -> dt.date | None:
    """An ISO date (`YYYY-MM-DD`) or None."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _years_between(start: JsonValue, end: JsonValue) -> int | None:
    first, last = parse_date(start), parse_date(end)
    if first is None or last is None:
        return None
    years = last.year - first.year
    if (last.month, last.day) < (first.month, first.day):
        years -= 1
    return years


def _days_between(start: JsonValue, end: JsonValue) -> int | None:
    first, last = parse_date(start), parse_date(end)
    if first is None or last is None:
        return None
    return (last - first).days


OPERATIONS: dict[str, Operation] = {
    "==": loose_equals,
    "!=": lambda a, b: not loose_equals(a, b),
    "===": strict_equals,
    "!==": lambda a, b: not strict_equals(a, b),
    ">": lambda a, b: _less(b, a, or_equal=False),
    ">=": lambda a, b: _less(b, a, or_equal=True),
    "<": lambda *v: _chain(*v, or_equal=False),
    "<=": lambda *v: _chain(*v, or_equal=True),
    "!": lambda a=None, *_: not truthy(a),
    "!!": lambda a=None, *_: truthy(a),
    "%": _modulo,
    "+": _add,
    "*": _multiply,
    "-": _subtract,
    "/": _divide,
    "min": _extreme(min, math.inf),
    "max": _extreme(max, -math.inf),
    "cat": lambda *v: "".join(to_string(x) for x in v),
    "substr": _substr,
    "in": _contains,
    "merge": _merge,
    "log": lambda a=None, *_: a,
    "years_between": _years_between,
    "days_between": _days_between,
}


class Evaluator:
    """Evaluates rules; `today` fixes the date the `today` operation returns."""

    def __init__(self, *, today: dt.date | None = None) -> None:
        self.today = today or dt.date.today()
        self._special: dict[str, Callable[[list[JsonValue], JsonValue], JsonValue]] = {
            "var": self._var,
            "missing": self._missing,
            "missing_some": self._missing_some,
            "if": self._if,
            "?:": self._if,
            "and": self._and,
            "or": self._or,
            "filter": self._filter,
            "map": self._map,
            "reduce": self._reduce,
            "all": self._all,
            "none": lambda args, data: not self._filter(args, data),
            "some": lambda args, data: bool(self._filter(args, data)),
            "today": lambda args, data: self.today.isoformat(),
        }

    def apply(self, rule: JsonValue, data: JsonValue = None) -> JsonValue:
        """The value of `rule` for `data`; RuleError for an unknown operation or bad shape."""
        try:
            return self._eval(rule, data)
        except (TypeError, ValueError, IndexError, KeyError, OverflowError, RecursionError) as e:
            raise RuleError(f"The rule cannot be evaluated: {e}") from e

    def _eval(self, rule: JsonValue, data: JsonValue) -> JsonValue:
        if isinstance(rule, list):
            return [self._eval(item, data) for item in rule]
        if not is_rule(rule):
            return rule
        ((operator, args),) = rule.items()
        if not isinstance(args, list):
            args = [args]
        if operator in self._special:
            return self._special[operator](args, data)
        operation = OPERATIONS.get(operator)
        if operation is None:
            raise RuleError(f"Unrecognized operation {operator}")
        values = [self._eval(arg, data) for arg in args]
        return operation(*values)

    def _var(self, args: list[JsonValue], data: JsonValue) -> JsonValue:
        path = self._eval(args[0], data) if args else None
        default = self._eval(args[1], data) if len(args) > 1 else None
        return lookup(data, path, default)

    def _missing(self, args: list[JsonValue], data: JsonValue) -> list[JsonValue]:
        values = [self._eval(arg, data) for arg in args]
        keys = values[0] if values and isinstance(values[0], list) else values
        return [key for key in keys if lookup(data, key, None) in (None, "")]

    def _missing_some(self, args: list[JsonValue], data: JsonValue) -> list[JsonValue]:
        need, options = (self._eval(arg, data) for arg in args[:2])
        absent = self._missing([options], data)
        return [] if len(options) - len(absent) >= to_number(need) else absent

    def _if(self, args: list[JsonValue], data: JsonValue) -> JsonValue:
        index = 0
        while index < len(args) - 1:
            if truthy(self._eval(args[index], data)):
                return self._eval(args[index + 1], data)
            index += 2
        return self._eval(args[index], data) if index == len(args) - 1 else None

    def _and(self, args: list[JsonValue], data: JsonValue) -> JsonValue:
        value = None
        for arg in args:
            value = self._eval(arg, data)
            if not truthy(value):
                return value
        return value

    def _or(self, args: list[JsonValue], data: JsonValue) -> JsonValue:
        value = None
        for arg in args:
            value = self._eval(arg, data)
            if truthy(value):
                return value
        return value

    def _scoped(self, args: list[JsonValue], data: JsonValue) -> tuple[JsonValue, JsonValue]:
        items = self._eval(args[0], data) if args else None
        return items, (args[1] if len(args) > 1 else None)

    def _filter(self, args: list[JsonValue], data: JsonValue) -> list[JsonValue]:
        items, logic = self._scoped(args, data)
        if not isinstance(items, list):
            return []
        return [item for item in items if truthy(self._eval(logic, item))]

    def _map(self, args: list[JsonValue], data: JsonValue) -> list[JsonValue]:
        items, logic = self._scoped(args, data)
        return [self._eval(logic, item) for item in items] if isinstance(items, list) else []

    def _reduce(self, args: list[JsonValue], data: JsonValue) -> JsonValue:
        items, logic = self._scoped(args, data)
        accumulator = self._eval(args[2], data) if len(args) > 2 else None
        if not isinstance(items, list):
            return accumulator
        for item in items:
            accumulator = self._eval(logic, {"current": item, "accumulator": accumulator})
        return accumulator

    def _all(self, args: list[JsonValue], data: JsonValue) -> bool:
        items, logic = self._scoped(args, data)
        if not isinstance(items, list) or not items:
            return False
        return all(truthy(self._eval(logic, item)) for item in items)


def is_rule(value: JsonValue) -> bool:
    """A JsonLogic operation is an object with exactly one key."""
    return isinstance(value, dict) and len(value) == 1


def lookup(data: JsonValue, path: JsonValue, default: JsonValue) -> JsonValue:
    """Follow a dotted path through objects and lists, as JsonLogic's `var` does."""
    if path is None or path == "" or (isinstance(path, list) and not path):
        return data
    for part in to_string(path).split("."):
        if isinstance(data, Mapping):
            if part not in data:
                return default
            data = data[part]
        elif isinstance(data, Sequence) and not isinstance(data, str | bytes):
            if not part.isdigit() or int(part) >= len(data):
                return default
            data = data[int(part)]
        else:
            return default
    return data


def variables(rule: JsonValue) -> set[str]:
    """Every literal path a rule reads with `var`, `missing` or `missing_some`."""
    found: set[str] = set()
    if isinstance(rule, list):
        for item in rule:
            found |= variables(item)
    elif is_rule(rule):
        ((operator, args),) = rule.items()
        found |= _literal_paths(operator, args)
        if operator in ("filter", "map", "reduce", "all", "none", "some"):
            args = args[:1] if isinstance(args, list) else args
        found |= variables(args)
    return found


def _literal_paths(operator: str, args: JsonValue) -> set[str]:
    if not isinstance(args, list):
        args = [args]
    if operator == "var" and args and isinstance(args[0], str) and args[0]:
        return {args[0]}
    if operator == "missing":
        keys = args[0] if args and isinstance(args[0], list) else args
        return {key for key in keys if isinstance(key, str)}
    if operator == "missing_some" and len(args) > 1 and isinstance(args[1], list):
        return {key for key in args[1] if isinstance(key, str)}
    return set()


def operators(rule: JsonValue) -> set[str]:
    """Every operator a rule uses."""
    found: set[str] = set()
    if isinstance(rule, list):
        for item in rule:
            found |= operators(item)
    elif is_rule(rule):
        ((operator, args),) = rule.items()
        found = {operator} | operators(args)
    return found


def known_operators() -> set[str]:
    """Every operator this evaluator understands."""
    return set(OPERATIONS) | set(Evaluator()._special)
