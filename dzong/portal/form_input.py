"""What an applicant sent for one page, turned into the input the engine checks.

HTML names: a field's code; a date's parts `code-day`, `code-month`, `code-year`; an entry
of a repeating group `group-<n>-member`, with `group-entries` giving how many were shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from dzong.engine.definition import Field, Page
from dzong.engine.fields import is_empty

MAX_ENTRIES = 50


@dataclass
class PageInput:
    """The page's input for the engine, the files sent, and what the applicant asked for."""

    submitted: dict[str, Any]
    files: dict[str, Any] = field(default_factory=dict)
    add_entry: str | None = None
    remove_entry: tuple[str, int] | None = None
    remove_file: str | None = None
    come_back_later: bool = False

    @property
    def wants_to_continue(self) -> bool:
        return not (self.add_entry or self.remove_entry or self.remove_file)


def read_page(page: Page, post: QueryDict, files: Mapping[str, Any]) -> PageInput:
    """Read a page's POST (and uploaded files) into the engine's terms."""
    submitted: dict[str, Any] = {}
    uploads: dict[str, Any] = {}
    for field_ in page.fields:
        if field_.is_group:
            submitted[field_.code] = _entries(field_, post)
        elif field_.type == "file":
            if field_.code in files:
                uploads[field_.code] = files[field_.code]
        else:
            submitted[field_.code] = _value(field_, field_.code, post)
    return PageInput(
        submitted=submitted,
        files=uploads,
        add_entry=post.get("add-entry") or None,
        remove_entry=_entry_to_remove(post.get("remove-entry", "")),
        remove_file=post.get("remove-file") or None,
        come_back_later=post.get("later") == "yes",
    )


def _value(field_: Field, name: str, post: QueryDict) -> Any:
    if field_.type == "date":
        return {part: post.get(f"{name}-{part}", "") for part in ("day", "month", "year")}
    if field_.type == "multiple_choice":
        return post.getlist(name)
    return post.get(name)


def _entries(group: Field, post: QueryDict) -> list[dict[str, Any]]:
    """The group's entries; an entry left entirely blank is no entry."""
    count = _int(post.get(f"{group.code}-entries"), 0)
    entries = [
        {m.code: _value(m, f"{group.code}-{index}-{m.code}", post) for m in group.fields}
        for index in range(min(count, MAX_ENTRIES))
    ]
    return [entry for entry in entries if not all(is_empty(v) for v in entry.values())]


def _entry_to_remove(value: str) -> tuple[str, int] | None:
    group, _, index = value.rpartition("-")
    return (group, int(index)) if group and index.isdigit() else None


def _int(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() else default
