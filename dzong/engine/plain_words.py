"""What the JSON Schema validator and the YAML reader find, in plain words for a civil servant.

Their own messages speak of regular expressions, tokens and block mappings; a designer
needs to know what to write instead, and on which line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from typing import Any

import jsonschema
import yaml

LOWER_CODE = "only lowercase letters (a-z), digits and hyphens (-), starting with a letter"
CODE_RULES = {
    "^[a-z][a-z0-9-]{1,62}$": (
        f"a service's address name uses {LOWER_CODE}, from 2 to 63 characters, like "
        "register-business",
        "-",
    ),
    "^[a-z][a-z0-9-]{0,62}$": (
        f"a code uses {LOWER_CODE}, at most 63 characters, like business-licence",
        "-",
    ),
    "^[a-z][a-z0-9_]{0,62}$": (
        "a field's code uses only lowercase letters (a-z), digits and underscores (_), starting "
        "with a letter, at most 63 characters, like business_name",
        "_",
    ),
    "^[A-Z]{3}$": ("a currency is three capital letters, like BTN", ""),
    "^[A-Z]{1,6}$": ("a number prefix is one to six capital letters, like BL", ""),
    "^[A-Z0-9-]{2,32}$": (
        "an account uses only capital letters (A-Z), digits and hyphens (-), from 2 to 32 "
        "characters, like RSTA-ROUTE-PERMITS",
        "",
    ),
}
KINDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list (lines starting with -)",
    "object": "a section of named entries (name: value)",
    "null": "empty",
}


def schema_message(error: jsonschema.ValidationError) -> str:
    """One schema finding, in words that need no knowledge of JSON Schema."""
    wording = SCHEMA_WORDING.get(str(error.validator))
    if wording is not None:
        return wording(error)
    return error.message[:1].upper() + error.message[1:] + "."


def _required(error: jsonschema.ValidationError) -> str:
    missing = error.message.split("'")[1] if "'" in error.message else error.message
    return f"'{missing}' is missing."


def _unknown_entries(error: jsonschema.ValidationError) -> str:
    known = list(error.schema.get("properties", {})) if isinstance(error.schema, Mapping) else []
    instance: Any = error.instance
    extra = [str(k) for k in instance if k not in known]
    if len(extra) != 1:
        return f"These entries are not known here: {', '.join(repr(k) for k in extra)}."
    close = difflib.get_close_matches(extra[0], known, n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    return f"'{extra[0]}' is not an entry known here.{hint}"


def _enum(error: jsonschema.ValidationError) -> str:
    allowed = ", ".join(repr(v) for v in list(error.validator_value))  # type: ignore[arg-type]
    return f"{error.instance!r} is not one of the allowed values: {allowed}."


def _pattern(error: jsonschema.ValidationError) -> str:
    rule, separator = CODE_RULES.get(str(error.validator_value), ("", ""))
    value = str(error.instance)
    if not rule:
        return f"'{value}' is not written the way this entry needs."
    wrong = {"-": "_", "_": "-"}.get(separator)
    hint = ""
    if wrong and wrong in value:
        hint = f" Write '{value.replace(wrong, separator)}' instead."
    elif value != value.lower() and separator:
        hint = f" Write '{value.lower()}' instead."
    return f"'{value}' cannot be used here: {rule}.{hint}"


def _kind(error: jsonschema.ValidationError) -> str:
    expected = error.validator_value
    names = [expected] if isinstance(expected, str) else list(expected)  # type: ignore[arg-type]
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    if "en" in schema.get("properties", {}):
        return "This needs its text in each language, like {en: Business licence, dz: ...}."
    wanted = " or ".join(KINDS.get(str(n), str(n)) for n in names)
    return f"This should be {wanted}, not {describe(error.instance)}."


def describe(value: Any) -> str:
    """What a value is, in words."""
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{value}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a section of named entries"
    return "nothing"


def _too_few(error: jsonschema.ValidationError) -> str:
    value: Any = error.validator_value
    least = int(value)
    return f"This list needs at least {least} {'entry' if least == 1 else 'entries'}."


def _too_small(error: jsonschema.ValidationError) -> str:
    return f"{error.instance} is too small here: the least allowed is {error.validator_value}."


def _too_large(error: jsonschema.ValidationError) -> str:
    return f"{error.instance} is too large here: the most allowed is {error.validator_value}."


def _empty_text(error: jsonschema.ValidationError) -> str:
    return "This text is empty: write something, or leave the entry out."


def _constant(error: jsonschema.ValidationError) -> str:
    return f"This must be '{error.validator_value}'."


def _repeated(error: jsonschema.ValidationError) -> str:
    return "This list names the same thing more than once."


def _one_of_forms(error: jsonschema.ValidationError) -> str:
    forms = error.validator_value if isinstance(error.validator_value, Sequence) else []
    return f"This should be {' or '.join(_form(f) for f in forms)}."


def _form(schema: Any) -> str:
    if not isinstance(schema, Mapping):
        return "something else"
    if str(schema.get("$ref", "")).endswith("/rule"):
        return "a rule"
    kind = KINDS.get(str(schema.get("type")), "something else")
    if "minimum" in schema:
        return f"{kind} of {schema['minimum']} or more"
    return kind


def _format(error: jsonschema.ValidationError) -> str:
    if error.validator_value == "date":
        return f"'{error.instance}' is not a date written as year-month-day, like 2027-01-31."
    return f"'{error.instance}' is not written the way this entry needs."


SCHEMA_WORDING = {
    "required": _required,
    "additionalProperties": _unknown_entries,
    "enum": _enum,
    "pattern": _pattern,
    "type": _kind,
    "minItems": _too_few,
    "minimum": _too_small,
    "maximum": _too_large,
    "minLength": _empty_text,
    "const": _constant,
    "uniqueItems": _repeated,
    "anyOf": _one_of_forms,
    "oneOf": _one_of_forms,
    "format": _format,
}


def yaml_message(error: yaml.YAMLError, text: str) -> tuple[str, int | None]:
    """Why the text cannot be read, and the line to look at."""
    problem = str(getattr(error, "problem", "") or "")
    context = str(getattr(error, "context", "") or "")
    mark = getattr(error, "problem_mark", None)
    line = int(mark.line) + 1 if mark is not None else None
    context_mark = getattr(error, "context_mark", None)
    started = int(context_mark.line) + 1 if context_mark is not None else line
    lines = text.splitlines()
    unclosed = _unclosed_quote(lines, line or len(lines))
    if unclosed is not None:
        return "A quotation mark opened on this line is never closed.", unclosed
    if ("flow mapping" in context or "flow sequence" in context) and "got '?'" in problem:
        return (
            "A question mark (?) inside { } or [ ] must be in quotes: write the text in quotes, "
            'like {en: "Do you sell honey?", ...}.'
        ), line
    if "flow mapping" in context or "flow sequence" in context:
        brackets = "{ }" if "mapping" in context else "[ ]"
        return (
            f"The {brackets} that starts on this line is not closed properly: separate its "
            "entries with commas, close it, and put any text that holds a colon (:) in quotes."
        ), started
    if "could not find expected ':'" in problem:
        return "This line has a name without a colon (:) after it.", started
    if "<stream end>" in problem or "end of stream" in problem:
        return (
            "The text ends before a { }, a [ ] or a quotation mark opened above it is closed."
        ), line
    row = lines[line - 1] if line is not None and 0 < line <= len(lines) else ""
    column = int(mark.column) if mark is not None else 0
    return _line_message(problem, lines, line, row, column), line


def _line_message(problem: str, lines: list[str], line: int | None, row: str, column: int) -> str:
    """What is wrong with one line, from the reader's problem and where it stopped."""
    if "mapping values are not allowed" in problem:
        return _colon_message(lines, line)
    if "escape character" in problem:
        return (
            "In double quotes a backslash (\\) starts a special character: write two "
            "backslashes (\\\\), or use single quotes."
        )
    if "'\\t'" in problem:
        return "This line is indented with a tab: indent with spaces only."
    first = _forbidden_start(problem)
    if first:
        return f"A value cannot start with {first!r} unless it is in quotes: put it in quotes."
    if column > _indent(row) and ("expected <block end>" in problem or "not allowed" in problem):
        extra = row[column:].strip()[:30]
        return (
            f"Something follows the end of the value on this line ('{extra}'): remove it, or "
            "put the whole value in quotes."
        )
    if "'-'" in problem or "sequence entries" in problem:
        return (
            "This list item (a line starting with -) is not where a list can start: indent it "
            "under the name its list belongs to, in line with the other items, with a space "
            "after the dash."
        )
    if "expected <block end>" in problem or "expected key" in problem:
        return (
            "This line does not line up with the lines around it: entries of the same section "
            "start at the same indentation."
        )
    return (
        "This line cannot be read: check its indentation, its colons (:) and its quotation "
        "marks, and those of the line above."
    )


def _forbidden_start(problem: str) -> str:
    """The character a plain value may not start with, if that is what the reader found."""
    found = re.search(r"found character '(.)' that cannot start any token", problem)
    if found:
        return found.group(1)
    if "alias" in problem:
        return "*"
    if "tag" in problem:
        return "!"
    return ""


def _unclosed_quote(lines: list[str], upto: int) -> int | None:
    """The first line, up to `upto`, whose value opens a double quote and does not close it."""
    for number, row in enumerate(lines[:upto], 1):
        value = row.split(": ", 1)[1] if ": " in row else row.lstrip(" -")
        value = value.strip()
        if value.startswith('"') and _quotes(value) % 2 == 1:
            return number
    return None


def _quotes(value: str) -> int:
    return len(re.findall(r'(?<!\\)"', value))


def _colon_message(lines: list[str], line: int | None) -> str:
    if line is not None and _indented_more(lines, line):
        return (
            "This line is indented more than the one above: line it up with the line above, "
            "or put it under a name that ends with a colon (:)."
        )
    return (
        "This line has a second colon (:) in its value: put the value in quotes, like "
        'title: "Note: this".'
    )


def _indented_more(lines: list[str], line: int) -> bool:
    """Whether `line` (1-based) starts further right than the line with content above it."""
    current = lines[line - 1] if line <= len(lines) else ""
    above = [r for r in lines[: line - 1] if r.strip() and not r.lstrip().startswith("#")]
    if not above or above[-1].rstrip().endswith((":", "|", ">", "-")):
        return False
    return _indent(current) > _indent(above[-1])


def _indent(row: str) -> int:
    return len(row) - len(row.lstrip(" -"))
