"""Reading a definition from YAML or JSON text, keeping the line of every value."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from dzong.engine.definition import ChoiceList
from dzong.engine.errors import DefinitionError
from dzong.engine.limits import TooCostly, bounded_yaml_node
from dzong.engine.plain_words import yaml_message

Path = tuple[str | int, ...]
WHOLE = "(the whole document)"


def format_path(path: Path) -> str:
    """`pages[1].fields[0].label` for ('pages', 1, 'fields', 0, 'label')."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(the whole document)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a definition, and where."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path} (line {self.line})" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass
class SourceDocument:
    """A parsed document and the line each path starts on (for YAML and JSON alike)."""

    content: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line(self, path: Path) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None

    def problem(self, path: Path, message: str) -> Problem:
        """A problem located at `path`."""
        return Problem(format_path(path), message, self.line(path))


def parse_text(text: str) -> SourceDocument:
    """Parse YAML (JSON is YAML too); DefinitionError if the text is not a document or is
    too large, too deep, or expands too far (see dzong.engine.limits)."""
    try:
        loader, node = bounded_yaml_node(text)
    except TooCostly as error:
        raise DefinitionError([Problem(WHOLE, str(error))]) from error
    except yaml.YAMLError as error:
        raise _not_yaml(error, text) from error
    try:
        if node is None:
            raise DefinitionError([Problem(WHOLE, "The file is empty.")])
        content = _json_compatible(loader.construct_document(node))
    except yaml.YAMLError as error:
        raise _not_yaml(error, text) from error
    finally:
        loader.dispose()
    source = SourceDocument(content)
    _record_lines(node, (), source.lines)
    return source


def _not_yaml(error: yaml.YAMLError, text: str) -> DefinitionError:
    reason, line = yaml_message(error, text)
    return DefinitionError([Problem(WHOLE, reason, line)])


def _record_lines(node: yaml.Node, path: Path, lines: dict[Path, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                lines[(*path, key.value)] = key.start_mark.line + 1
                _record_lines(value, (*path, key.value), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*path, index), lines)


def _json_compatible(value: Any) -> Any:
    """YAML dates become ISO strings and keys become strings, as JSON would have them."""
    if isinstance(value, dict):
        return {str(k): _json_compatible(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_compatible(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def dump_yaml(document: Mapping[str, Any]) -> str:
    """Write a document as YAML that reads back to an equal document."""
    return yaml.safe_dump(dict(document), allow_unicode=True, sort_keys=False, width=100)


def dump_json(document: Mapping[str, Any]) -> str:
    """Write a document as JSON."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


@cache
def service_schema() -> dict[str, Any]:
    """The published JSON Schema of a service definition."""
    schema_file = resources.files("dzong.engine") / "schema" / "service.schema.json"
    return json.loads(schema_file.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@cache
def shared_choice_lists() -> dict[str, ChoiceList]:
    """The choice lists every service may use, such as the 20 Dzongkhags."""
    folder = resources.files("dzong.engine") / "lists"
    lists = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            choice_list = ChoiceList.parse(yaml.safe_load(entry.read_text(encoding="utf-8")))
            lists[choice_list.code] = choice_list
    return lists
