import time

import pytest

from dzong.engine.errors import DefinitionError
from dzong.engine.limits import TooCostly, read_json
from dzong.engine.loader import parse_text
from dzong.engine.tests.support import alias_bomb


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (alias_bomb(), "too many values"),
        ("a: " + "[" * 400 + "]" * 400, "nested too deep"),
        ("&loop [*loop]", "nested too deep"),
        ("title: " + "x" * (2 * 1024 * 1024), "too large"),
    ],
    ids=["alias-bomb", "400-deep", "recursive-alias", "2-MB"],
)
def test_a_definition_too_costly_to_read_is_refused_quickly(text, reason):
    started = time.monotonic()
    with pytest.raises(DefinitionError) as refused:
        parse_text(text)
    assert reason in str(refused.value.problems[0])
    assert time.monotonic() - started < 2


def test_json_nested_thousands_deep_is_refused_not_a_recursion_error():
    for depth in (100, 5000, 100_000):
        with pytest.raises(TooCostly, match="nested too deep"):
            read_json("[" * depth + "]" * depth, max_bytes=1024 * 1024)
    with pytest.raises(TooCostly, match="too large"):
        read_json(b"[" + b"1," * 1000 + b"1]", max_bytes=1000)
    assert read_json('{"a": [[1]]}', max_bytes=100) == {"a": [[1]]}
