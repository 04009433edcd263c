"""Reading JSON and YAML from outside within bounds: a size, a depth of nesting, and a number of
values counted as if every YAML alias were written out, so that no text costs much to read.

Every entry point that reads JSON or YAML (a definition, an API request, a presented
credential, a rule typed in the designer) goes through `read_json` or `bounded_yaml_node`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import yaml

from dzong.engine.errors import EngineError

MAX_DEFINITION_BYTES = 1024 * 1024
MAX_DEPTH = 64
MAX_VALUES = 200_000


class TooCostly(EngineError):
    """The text is too large, nested too deep, or expands to too many values; says which."""


def check_size(text: str | bytes, max_bytes: int) -> None:
    """TooCostly if the text is over `max_bytes` bytes (in UTF-8)."""
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise TooCostly(f"The text is too large: at most {max_bytes // 1024} KB is read.")


def read_json(text: str | bytes, *, max_bytes: int, max_depth: int = MAX_DEPTH) -> Any:
    """The value of a JSON text; ValueError if it is not JSON, TooCostly past the bounds."""
    check_size(text, max_bytes)
    try:
        value = json.loads(text)
    except RecursionError as error:
        raise TooCostly(_too_deep(max_depth)) from error
    check_value(value, max_depth=max_depth)
    return value


def check_value(value: Any, *, max_depth: int = MAX_DEPTH, max_values: int = MAX_VALUES) -> None:
    """TooCostly if a parsed value nests deeper than `max_depth` or holds too many values."""
    for count, depth in enumerate(_depths(value), start=1):
        if depth > max_depth:
            raise TooCostly(_too_deep(max_depth))
        if count > max_values:
            raise TooCostly(_too_many(max_values))


def _depths(value: Any) -> Iterator[int]:
    """The depth of every value inside `value`, itself included."""
    stack: list[tuple[int, Any]] = [(1, value)]
    while stack:
        depth, item = stack.pop()
        yield depth
        if isinstance(item, dict):
            stack.extend((depth + 1, child) for child in item.values())
        elif isinstance(item, list):
            stack.extend((depth + 1, child) for child in item)


class _BoundedLoader(yaml.SafeLoader):
    """A safe loader that stops composing past the depth, before Python's own limit."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise TooCostly(_too_deep(MAX_DEPTH))
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def bounded_yaml_node(
    text: str, *, max_bytes: int = MAX_DEFINITION_BYTES
) -> tuple[yaml.SafeLoader, yaml.Node | None]:
    """A loader and the single node it composed from `text` (None if empty), checked against
    the bounds with aliases counted as written out; yaml.YAMLError if it is not YAML, TooCostly
    past the bounds. The caller constructs the document and disposes of the loader."""
    check_size(text, max_bytes)
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_node(node)
    except BaseException:
        loader.dispose()
        raise
    return loader, node


def _check_node(node: yaml.Node) -> None:
    """Walk the nodes as construction would, aliases expanded, stopping at the bounds."""
    count = 0
    stack: list[tuple[int, yaml.Node]] = [(1, node)]
    while stack:
        depth, item = stack.pop()
        count += 1
        if depth > MAX_DEPTH:
            raise TooCostly(_too_deep(MAX_DEPTH))
        if count > MAX_VALUES:
            raise TooCostly(_too_many(MAX_VALUES))
        if isinstance(item, yaml.MappingNode):
            stack.extend((depth + 1, part) for pair in item.value for part in pair)
        elif isinstance(item, yaml.SequenceNode):
            stack.extend((depth + 1, child) for child in item.value)


def _too_deep(limit: int) -> str:
    return f"The text is nested too deep: at most {limit} levels are read."


def _too_many(limit: int) -> str:
    return f"The text holds too many values (aliases written out): at most {limit:,} are read."
