"""`dzong service reference`: the definition format's reference, written from the schema."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management import call_command

from conftest import REPO
from dzong.engine.loader import service_schema
from dzong.engine.schema_reference import COMMAND, schema_reference

REFERENCE = REPO / "docs" / "definition-format.md"


def test_the_committed_definition_format_is_what_the_generator_writes() -> None:
    committed = REFERENCE.read_text(encoding="utf-8")
    assert committed == schema_reference(service_schema()), f"Run {COMMAND} and commit it."


def test_the_command_writes_the_reference_to_a_file_or_prints_it(tmp_path: Path) -> None:
    written = tmp_path / "definition-format.md"
    call_command("service", "reference", "--output", str(written))
    printed = io.StringIO()
    call_command("service", "reference", stdout=printed)
    assert written.read_text(encoding="utf-8") == printed.getvalue()
    assert printed.getvalue() == schema_reference(service_schema())


def _field_names(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        yield from schema.get("properties", {})
        for value in schema.values():
            yield from _field_names(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _field_names(value)


def test_every_field_and_shared_part_of_the_schema_has_its_row_or_section() -> None:
    schema = service_schema()
    reference = schema_reference(schema)
    rows = {line.split("|")[1].strip() for line in reference.splitlines() if line.startswith("| `")}
    assert set(_field_names(schema)) - {row.strip("`") for row in rows} == set()
    for part in schema["$defs"]:
        assert f"### `{part}`" in reference


def test_a_changed_schema_changes_the_reference() -> None:
    schema = service_schema()
    schema["properties"]["fees"]["items"]["properties"]["due"]["enum"].append("on_collection")
    assert "`on_collection`" in schema_reference(schema)
    assert "`on_collection`" not in REFERENCE.read_text(encoding="utf-8")
