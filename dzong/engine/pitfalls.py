"""Rules that pass every check yet may not mean what the designer meant: warnings, not errors.

JsonLogic compares a missing answer as if it were 0: `{"<": [{"var": "employees"}, 10]}` holds
for an applicant who left "employees" empty. A comparison that reads a number field the
applicant may leave empty (optional, or hidden by a condition) is reported, unless the same
rule also requires an answer (`{"!=": [{"var": "employees"}, null]}`, `{"!!": ...}`,
`{"var": ...}` alone, or `{"!": {"missing": ...}}` beside it under an "and", or as an "if"'s test).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from dzong.engine.checks import NUMERIC_TYPES, _rules
from dzong.engine.loader import Problem, SourceDocument

ORDERING = {"<", "<=", ">", ">="}


def check_pitfalls(source: SourceDocument) -> list[Problem]:
    """Warnings about rules that compare a number the applicant may leave empty."""
    content = source.content
    if not isinstance(content, Mapping) or not isinstance(content.get("pages"), list):
        return []
    optional = _optional_numbers(content)
    warnings = []
    for path, rule in _rules(content):
        for code in sorted(_unguarded(rule, frozenset()) & optional):
            warnings.append(source.problem(path, _message(code)))
    return sorted(warnings, key=lambda p: (p.line or 0, p.path))


def _message(code: str) -> str:
    return (
        f"The rule compares the number field '{code}', which the applicant may leave empty; "
        "an empty answer counts as 0. Make the field required, or add to the rule that "
        f"'{code}' is answered."
    )


def _optional_numbers(content: Mapping[str, Any]) -> set[str]:
    """Number fields that may have no answer: not required, or shown only for some answers."""
    found = set()
    for page in content["pages"]:
        if not isinstance(page, Mapping):
            continue
        for field in page.get("fields") or ():
            if not isinstance(field, Mapping) or field.get("type") not in NUMERIC_TYPES:
                continue
            conditional = field.get("show_if") or page.get("show_if")
            if field.get("required", True) is not True or conditional:
                found.add(str(field.get("code")))
    return found


def _unguarded(rule: Any, guarded: frozenset[str]) -> set[str]:
    """The fields a rule compares by order without a test, in the same rule, that they exist."""
    if isinstance(rule, list):
        return set().union(*(_unguarded(item, guarded) for item in rule))
    if not (isinstance(rule, Mapping) and len(rule) == 1):
        return set()
    ((operator, args),) = rule.items()
    if operator in ORDERING:
        return set(_read(args)) - guarded
    if operator == "and" and isinstance(args, list):
        guarded = guarded | {code for item in args for code in _presence(item)}
    if operator == "if" and isinstance(args, list) and args:
        return _if_branches(args, guarded)
    return _unguarded(args, guarded)


def _if_branches(args: list[Any], guarded: frozenset[str]) -> set[str]:
    found = set[str]()
    for index, item in enumerate(args):
        is_test = index % 2 == 0 and index < len(args) - 1
        then = index % 2 == 1
        extra = frozenset(_presence(args[index - 1])) if then else frozenset()
        found |= _unguarded(item, guarded if is_test else guarded | extra)
    return found


def _read(value: Any) -> Iterator[str]:
    """Fields a value reads with `var` and no default, anywhere inside it."""
    if isinstance(value, list):
        for item in value:
            yield from _read(item)
    elif isinstance(value, Mapping) and len(value) == 1:
        ((operator, args),) = value.items()
        if operator == "var":
            name = args[0] if isinstance(args, list) and len(args) == 1 else args
            if isinstance(name, str):
                yield name
        else:
            yield from _read(args)


def _presence(test: Any) -> set[str]:
    """The fields a test requires to be answered when it holds."""
    if not (isinstance(test, Mapping) and len(test) == 1):
        return set()
    ((operator, args),) = test.items()
    operands = args if isinstance(args, list) else [args]
    if operator == "var":
        return set(_read(test))
    if operator == "!!":
        return set(_read(operands[:1]))
    if operator in ("!=", "!==") and len(operands) == 2 and None in operands:
        return set(_read(operands))
    if operator == "!" and operands and isinstance(operands[0], Mapping):
        missing = operands[0].get("missing")
        if missing is not None and len(operands[0]) == 1:
            names = missing if isinstance(missing, list) else [missing]
            return {n for n in names if isinstance(n, str)}
    if operator == "and" and isinstance(args, list):
        return set().union(*(_presence(item) for item in args))
    return set()
