"""Building definitions for engine tests from the demo files, with small changes."""

from __future__ import annotations

import copy
from typing import Any

import yaml

from conftest import DEMO_SERVICES
from dzong.engine import check_text, load_service
from dzong.engine.definition import Service
from dzong.engine.loader import dump_yaml


def demo_document(slug: str) -> dict[str, Any]:
    """A demo definition as a plain document, safe to change."""
    return copy.deepcopy(yaml.safe_load((DEMO_SERVICES / f"{slug}.yaml").read_text("utf-8")))


def demo_service(slug: str) -> Service:
    """A demo service, loaded and checked."""
    return load_service((DEMO_SERVICES / f"{slug}.yaml").read_text("utf-8"))


def written(document: dict[str, Any]) -> dict[str, Any]:
    """A new definition with its description written and its first page named, as publishing
    needs them."""
    text = {"en": "A stall in the weekend market.", "dz": "ཚེས་གྲངས་མཇུག་གི་ཁྲོམ་ནང་ ཚོང་ཁང་།"}
    document["description"] = {
        key: [text] if key == "steps" else text
        for key in ("purpose", "who_can_apply", "steps", "expected_time", "legal_basis")
    }
    document["pages"][0]["title"] = {"en": "Your stall", "dz": "ཁྱོད་ཀྱི་ཚོང་ཁང་།"}
    return document


def problems_of(document: dict[str, Any]) -> list[str]:
    """The problem messages of a changed document, as `check` prints them."""
    return [str(p) for p in check_text(dump_yaml(document))]


def alias_bomb() -> str:
    """Nine levels of nine aliases: 342 bytes that write out to nearly 400 million strings."""
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for earlier, later in zip("abcdefgh", "bcdefghi", strict=True):
        text += f"{later}: &{later} [{','.join([f'*{earlier}'] * 9)}]\n"
    return text
