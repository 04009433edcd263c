"""The configuration reference and .env.example name every variable settings.py reads."""

from __future__ import annotations

import ast
import re

from conftest import REPO

SETTINGS = REPO / "dzong" / "settings.py"
ENV_EXAMPLE = REPO / ".env.example"
CONFIGURATION = REPO / "docs" / "configuration.md"


def variables_read_by(settings_source: str) -> set[str]:
    """The DZONG_* and DATABASE_URL names passed to the env_* readers of dzong/env.py."""
    names = set()
    for node in ast.walk(ast.parse(settings_source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id.startswith("env_")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return {name for name in names if name.startswith("DZONG_") or name == "DATABASE_URL"}


def variables_in_env_example(text: str) -> set[str]:
    """The names .env.example sets, one `NAME=value` a line."""
    return set(re.findall(r"^([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def variables_in_reference(text: str) -> set[str]:
    """The names the configuration page writes as code (`NAME`)."""
    return set(re.findall(r"`([A-Z][A-Z0-9_]*)`", text))


def test_the_settings_reader_finds_the_variables_settings_reads() -> None:
    read = variables_read_by(SETTINGS.read_text(encoding="utf-8"))
    assert {"DATABASE_URL", "DZONG_SECRET_KEY", "DZONG_SMS_TIMEOUT"} <= read
    assert variables_read_by('X = env_int("DZONG_NEW", 1)\nY = env_str("OTHER", "")') == {
        "DZONG_NEW"
    }


def test_every_variable_settings_reads_is_in_env_example() -> None:
    read = variables_read_by(SETTINGS.read_text(encoding="utf-8"))
    listed = variables_in_env_example(ENV_EXAMPLE.read_text(encoding="utf-8"))
    assert sorted(read - listed) == []


def test_every_variable_settings_reads_is_in_the_configuration_reference() -> None:
    read = variables_read_by(SETTINGS.read_text(encoding="utf-8"))
    documented = variables_in_reference(CONFIGURATION.read_text(encoding="utf-8"))
    assert sorted(read - documented) == []


def test_a_variable_missing_from_the_reference_is_found() -> None:
    documented = variables_in_reference("| `DZONG_DEBUG` | `0` | ... |")
    assert {"DZONG_DEBUG", "DZONG_SMS_URL"} - documented == {"DZONG_SMS_URL"}
