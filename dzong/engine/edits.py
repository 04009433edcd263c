"""Edits a designer makes to a definition document: each returns a new document."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Mapping
from typing import Any

Document = dict[str, Any]


class EditError(Exception):
    """The edit names something the document does not have."""


def _copy(document: Mapping[str, Any]) -> Document:
    return copy.deepcopy(dict(document))


def _page(document: Document, page_code: str) -> dict[str, Any]:
    for page in document.get("pages", []):
        if page["code"] == page_code:
            return page  # type: ignore[no-any-return]
    raise EditError(f"No page '{page_code}'.")


def _field_place(document: Document, field_code: str) -> tuple[dict[str, Any], int]:
    for page in document.get("pages", []):
        for place, item in enumerate(page["fields"]):
            if item["code"] == field_code:
                return page, place
    raise EditError(f"No field '{field_code}'.")


def find_field(document: Mapping[str, Any], field_code: str) -> tuple[str, dict[str, Any]]:
    """The code of the page holding a field, and the field."""
    page, place = _field_place(dict(document), field_code)
    return page["code"], page["fields"][place]


def code_from(label: str, taken: set[str], *, separator: str = "_") -> str:
    """A code made from an English label, not one of `taken`."""
    base = re.sub(r"[^a-z0-9]+", separator, label.lower()).strip(separator)[:50]
    if not base or not base[0].isalpha():
        base = f"item{separator}{base}".strip(separator)
    code, number = base, 2
    while code in taken:
        code, number = f"{base}{separator}{number}", number + 1
    return code


def field_codes(document: Mapping[str, Any]) -> set[str]:
    """Every field code of the document, nested ones included."""

    def walk(fields: Any) -> Iterator[str]:
        for item in fields or ():
            yield item["code"]
            yield from walk(item.get("fields"))

    return {code for page in document.get("pages", []) for code in walk(page.get("fields"))}


def add_field(document: Mapping[str, Any], *, page_code: str, field: Mapping[str, Any]) -> Document:
    """The document with `field` at the end of a page."""
    changed = _copy(document)
    _page(changed, page_code)["fields"].append(dict(field))
    return changed


def replace_field(
    document: Mapping[str, Any], *, field_code: str, field: Mapping[str, Any]
) -> Document:
    """The document with a field's definition replaced where it stands."""
    changed = _copy(document)
    page, place = _field_place(changed, field_code)
    page["fields"][place] = dict(field)
    return changed


def remove_field(document: Mapping[str, Any], *, field_code: str) -> Document:
    """The document without a field."""
    changed = _copy(document)
    page, place = _field_place(changed, field_code)
    del page["fields"][place]
    return changed


def move_field(document: Mapping[str, Any], *, field_code: str, offset: int) -> Document:
    """The document with a field moved up (-1) or down (+1) on its page; unchanged at an end."""
    changed = _copy(document)
    page, place = _field_place(changed, field_code)
    target = place + offset
    if 0 <= target < len(page["fields"]):
        page["fields"].insert(target, page["fields"].pop(place))
    return changed


def move_field_to_page(document: Mapping[str, Any], *, field_code: str, page_code: str) -> Document:
    """The document with a field moved to the end of another page."""
    changed = _copy(document)
    target = _page(changed, page_code)
    page, place = _field_place(changed, field_code)
    if page is not target:
        target["fields"].append(page["fields"].pop(place))
    return changed


def add_page(document: Mapping[str, Any], *, title: Mapping[str, str]) -> Document:
    """The document with a new empty page at the end."""
    changed = _copy(document)
    taken = {page["code"] for page in changed.get("pages", [])}
    code = code_from(title["en"], taken, separator="-")
    changed.setdefault("pages", []).append({"code": code, "title": dict(title), "fields": []})
    return changed


def move_page(document: Mapping[str, Any], *, page_code: str, offset: int) -> Document:
    """The document with a page moved earlier (-1) or later (+1)."""
    changed = _copy(document)
    pages = changed["pages"]
    place = pages.index(_page(changed, page_code))
    if 0 <= place + offset < len(pages):
        pages.insert(place + offset, pages.pop(place))
    return changed


def rename_page(
    document: Mapping[str, Any], *, page_code: str, title: Mapping[str, str]
) -> Document:
    """The document with a page's title changed (its code stays)."""
    changed = _copy(document)
    _page(changed, page_code)["title"] = dict(title)
    return changed


def remove_page(document: Mapping[str, Any], *, page_code: str) -> Document:
    """The document without a page (and its fields)."""
    changed = _copy(document)
    changed["pages"].remove(_page(changed, page_code))
    return changed


def missing_translations(document: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Each text with English but no Dzongkha: its path and its English."""
    return list(_missing(document, ""))


def _missing(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, Mapping):
        if "en" in value and set(value) <= {"en", "dz"}:
            if not value.get("dz"):
                yield path, str(value["en"])
            return
        for key, item in value.items():
            yield from _missing(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _missing(item, f"{path}[{index}]")


DEFAULT_PAGE = {"en": "Questions", "dz": "དྲི་བ།"}


def new_definition(
    *,
    slug: str,
    agency: str,
    agency_name: Mapping[str, str],
    title: Mapping[str, str],
    first_page: Mapping[str, str] | None = None,
) -> Document:
    """The smallest definition that passes the checks: one empty page, one review step."""
    todo = {"en": "To be written.", "dz": "འབྲི་དགོ།"}  # refused at publishing
    return {
        "format": "dzong.service/1",
        "slug": slug,
        "agency": agency,
        "currency": "BTN",
        "title": dict(title),
        "summary": dict(title),
        "description": {
            "purpose": dict(todo),
            "who_can_apply": dict(todo),
            "steps": [dict(todo)],
            "expected_time": dict(todo),
            "legal_basis": dict(todo),
        },
        "agencies": [{"code": agency, "name": dict(agency_name)}],
        "pages": [{"code": "page-1", "title": dict(first_page or DEFAULT_PAGE), "fields": []}],
        "roles": [
            {"code": "officer", "agency": agency, "name": {"en": "Officer", "dz": "འགོ་དཔོན།"}}
        ],
        "registrations": [
            {"code": slug, "agency": agency, "name": dict(title), "number_prefix": _prefix(title)}
        ],
        "workflow": {"start": "review", "steps": _review_steps()},
    }


def _prefix(title: Mapping[str, str]) -> str:
    letters = "".join(word[0] for word in re.findall(r"[A-Za-z]+", title["en"])).upper()
    return letters[:6] or "REG"


def _review_steps() -> list[dict[str, Any]]:
    def end(code: str, en: str, dz: str) -> dict[str, Any]:
        return {"code": code, "type": "end", "outcome": code, "name": {"en": en, "dz": dz}}

    review = {
        "code": "review",
        "type": "human",
        "name": {"en": "Officer's review", "dz": "འགོ་དཔོན་གྱི་ཞིབ་དཔྱད།"},
        "role": "officer",
        "deadline_days": 5,
        "actions": [
            {"code": "approve", "label": {"en": "Approve", "dz": "ཆོག་མཆན་གནང་།"}, "to": "approved"},
            {
                "code": "reject",
                "label": {"en": "Reject", "dz": "ངོས་ལེན་མ་འབད།"},
                "to": "rejected",
                "reason_required": True,
            },
        ],
    }
    return [
        review,
        end("approved", "Approved", "ཆོག་མཆན་ཐོབ་ཡོད།"),
        end("rejected", "Rejected", "ངོས་ལེན་མ་འབད།"),
    ]


def retarget(
    document: Mapping[str, Any], *, slug: str, agency: str, agency_name: Mapping[str, str]
) -> Document:
    """A copy of a definition for another address and agency: the old agency's parts move."""
    changed = _copy(document)
    old = str(changed.get("agency"))
    _move_agency(changed, old, agency)
    changed["slug"] = slug
    agencies: list[dict[str, Any]] = []
    for entry in changed.get("agencies", []):
        if entry.get("code") in (old, agency):
            entry = {"code": agency, "name": dict(agency_name)}
        if entry["code"] not in [a["code"] for a in agencies]:
            agencies.append(entry)
    changed["agencies"] = agencies
    return changed


def _move_agency(value: Any, old: str, new: str) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "agency" and item == old:
                value[key] = new
            else:
                _move_agency(item, old, new)
    elif isinstance(value, list):
        for item in value:
            _move_agency(item, old, new)
