"""The service definition format's reference, written in Markdown from its JSON Schema.

`dzong service reference` prints it; docs/definition-format.md is its output, and a test
fails when the two differ.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

Schema = dict[str, Any]

COMMAND = ".venv/bin/dzong service reference --output docs/definition-format.md"
DEFS_PREFIX = "#/$defs/"


@dataclass
class Section:
    """One object of the format: its heading, what it is, and its fields' rows."""

    path: str
    description: str
    rows: list[str] = field(default_factory=list)


def schema_reference(schema: Schema) -> str:
    """The whole reference page for `schema` (the published service schema)."""
    sections: list[Section] = []
    _collect_object("service", schema, sections)
    shared: list[Section] = []
    for name, part in schema.get("$defs", {}).items():
        _collect_part(name, part, shared)
    lines = _introduction(schema)
    lines += ["## A service", "", "The document's top level, and the objects inside it.", ""]
    lines += [_section_text(section) for section in sections]
    lines += ["## Shared parts", "", "Parts that several fields use, linked from the tables.", ""]
    lines += [_section_text(section) for section in shared]
    return "\n".join(lines).rstrip("\n") + "\n"


def _introduction(schema: Schema) -> list[str]:
    return [
        "# Service definition format",
        "",
        "A service definition is a YAML or JSON document checked against the JSON Schema"
        f' "{schema.get("title", "")}" that `dzong service schema` prints'
        f" (`dzong/engine/schema/service.schema.json`, `$id` `{schema.get('$id', '')}`)."
        " `dzong service check FILE` reports every problem with its place. Beyond the schema,"
        " the checks look at what a schema cannot express: names that must refer to something,"
        " a workflow that can finish, fees that cannot go negative, texts in every language.",
        "",
        "This page is written from the schema by `dzong service reference`; do not edit it by"
        f" hand. After changing the schema, run `{COMMAND}`.",
        "",
        "Texts a person reads are `text` objects: English (`en`) and Dzongkha (`dz`).",
        "",
    ]


def _collect_part(name: str, part: Schema, sections: list[Section]) -> None:
    if _is_object(part):
        _collect_object(name, part, sections)
    else:
        sections.append(Section(name, _part_summary(part)))


def _part_summary(part: Schema) -> str:
    summary = _value_text(part, link=False)
    description = part.get("description", "")
    return f"{_sentence(description)} Value: {summary}." if description else _sentence(summary)


def _collect_object(path: str, schema: Schema, sections: list[Section]) -> None:
    section = Section(path, _sentence(schema.get("description", "")))
    sections.append(section)
    required = set(schema.get("required", []))
    for name, prop in schema.get("properties", {}).items():
        child = f"{path}.{name}" if path != "service" else name
        section.rows.append(_row(name, prop, required=name in required, child=child))
        _collect_nested(child, prop, sections)


def _collect_nested(path: str, prop: Schema, sections: list[Section]) -> None:
    items = prop.get("items")
    if prop.get("type") == "array" and isinstance(items, dict) and _is_object(items):
        _collect_object(f"{path}[]", items, sections)
    elif _is_object(prop):
        _collect_object(path, prop, sections)


def _is_object(schema: Schema) -> bool:
    return schema.get("type") == "object" and "properties" in schema


def _row(name: str, prop: Schema, *, required: bool, child: str) -> str:
    value = _value_text(prop, link=True, child=child)
    notes = [_sentence(prop.get("description", ""))]
    if "default" in prop:
        notes.append(f"Default: `{json.dumps(prop['default'], ensure_ascii=False)}`.")
    cells = [f"`{name}`", "yes" if required else "", value, " ".join(n for n in notes if n)]
    return "| " + " | ".join(_cell(cell) for cell in cells) + " |"


def _value_text(prop: Schema, *, link: bool, child: str = "") -> str:
    if "$ref" in prop:
        return _reference(prop["$ref"], link=link)
    if "const" in prop:
        return f"exactly `{json.dumps(prop['const'])}`"
    if "enum" in prop:
        return "one of " + ", ".join(f"`{choice}`" for choice in prop["enum"])
    if "anyOf" in prop:
        return " or ".join(_value_text(option, link=link) for option in prop["anyOf"])
    if _is_object(prop):
        return f"an object, see {_link(child)}" if link else "an object"
    if prop.get("type") == "array":
        return _array_text(prop, link=link, child=child)
    return _scalar_text(prop)


def _array_text(prop: Schema, *, link: bool, child: str) -> str:
    items = prop.get("items", {})
    if _is_object(items):
        each = f"objects, see {_link(child + '[]')}" if link else "objects"
    elif "enum" in items:
        each = "values, each " + _value_text(items, link=link)
    else:
        each = _value_text(items, link=link)
    limits = []
    if "minItems" in prop:
        limits.append(f"at least {prop['minItems']}")
    if prop.get("uniqueItems"):
        limits.append("no repeats")
    return f"a list of {each}" + (f" ({', '.join(limits)})" if limits else "")


SCALARS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "an object",
    "null": "null",
}
FORMATS = {"date": "a date (YYYY-MM-DD)", "regex": "a regular expression"}


def _scalar_text(prop: Schema) -> str:
    kind = prop.get("type")
    if isinstance(kind, list):
        return "any JSON value (" + ", ".join(kind) + ")"
    text = FORMATS.get(prop.get("format", ""), SCALARS.get(str(kind), "any JSON value"))
    if "pattern" in prop:
        text += f" matching `{prop['pattern']}`"
    if prop.get("minLength") == 1:
        text += ", not empty"
    elif "minLength" in prop:
        text += f", at least {prop['minLength']} characters"
    return text + _bounds(prop)


def _bounds(prop: Schema) -> str:
    low, high = prop.get("minimum"), prop.get("maximum")
    if low is not None and high is not None:
        return f", {low} to {high}"
    if low is not None:
        return f", at least {low}"
    if high is not None:
        return f", at most {high}"
    return ""


def _reference(ref: str, *, link: bool) -> str:
    name = ref.removeprefix(DEFS_PREFIX)
    return _link(name) if link else f"`{name}`"


def _link(path: str) -> str:
    return f"[`{path}`](#{_anchor(path)})"


def _anchor(path: str) -> str:
    """The anchor a Markdown renderer such as GitHub's gives the heading `path`."""
    return re.sub(r"[^a-z0-9_\- ]", "", path.lower()).replace(" ", "-")


def _section_text(section: Section) -> str:
    lines = [f"### `{section.path}`", ""]
    if section.description:
        lines += [section.description, ""]
    if section.rows:
        lines += ["| field | required | value | notes |", "| --- | --- | --- | --- |"]
        lines += section.rows
        lines.append("")
    return "\n".join(lines)


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
