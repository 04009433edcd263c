"""What changed between two versions of a definition, in words a service designer reads."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

Document = Mapping[str, Any]

# The English sentence of each kind of change; the designer translates the same kinds.
SENTENCES = {
    "text_changed": "{part} changed from '{old}' to '{new}'",
    "page_added": "page '{page}' added",
    "page_removed": "page '{page}' removed",
    "pages_reordered": "the order of the pages changed",
    "field_added": "field '{field}' added to page '{page}'",
    "field_removed": "field '{field}' removed from page '{page}'",
    "field_moved": "field '{field}' moved from page '{old}' to page '{new}'",
    "fields_reordered": "the order of the fields on page '{page}' changed",
    "field_changed": "field '{field}': {part} changed from '{old}' to '{new}'",
    "fee_added": "fee '{fee}' added",
    "fee_removed": "fee '{fee}' removed",
    "fee_changed": "fee '{fee}' changed from {old} to {new}",
    "item_added": "{part} '{name}' added",
    "item_removed": "{part} '{name}' removed",
    "item_changed": "{part} '{name}' changed",
    "section_changed": "{part} changed",
}

FIELD_PARTS = (
    "label",
    "hint",
    "type",
    "required",
    "show_if",
    "min",
    "max",
    "min_length",
    "max_length",
    "choices",
    "pattern",
)
CURRENCY_SIGNS = {"BTN": "Nu."}


@dataclass(frozen=True)
class Change:
    """One change: its kind (a key of SENTENCES) and the names and values it mentions."""

    kind: str
    values: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return SENTENCES[self.kind].format(**self.values)


def compare(old: Document, new: Document) -> list[Change]:
    """Every change from `old` to `new`; empty exactly when they are equal (version aside)."""
    changes: list[Change] = []
    for key in _keys(old, new):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        found = list(_DIFFERS.get(key, _nothing)(old, new))
        changes.extend(found or [Change("section_changed", {"part": key})])
    return changes


def _keys(old: Document, new: Document) -> list[str]:
    keys = [k for k in old if k != "version"]
    return keys + [k for k in new if k not in old and k != "version"]


def _nothing(old: Document, new: Document) -> Iterator[Change]:
    return iter(())


def _en(text: Any) -> str:
    if isinstance(text, Mapping):
        return str(text.get("en", ""))
    return "" if text is None else str(text)


def _text_changes(key: str) -> Callable[[Document, Document], Iterator[Change]]:
    def differ(old: Document, new: Document) -> Iterator[Change]:
        before, after = old.get(key), new.get(key)
        if _en(before) != _en(after):
            yield Change("text_changed", {"part": key, "old": _en(before), "new": _en(after)})
        else:
            yield Change("section_changed", {"part": f"{key} (Dzongkha)"})

    return differ


def _by_code(items: Any) -> dict[str, Mapping[str, Any]]:
    return {item["code"]: item for item in items or () if isinstance(item, Mapping)}


def _page_changes(old: Document, new: Document) -> Iterator[Change]:
    before, after = _by_code(old.get("pages")), _by_code(new.get("pages"))
    for code in before.keys() - after.keys():
        yield Change("page_removed", {"page": _en(before[code].get("title"))})
    for code in after.keys() - before.keys():
        yield Change("page_added", {"page": _en(after[code].get("title"))})
    for code in before.keys() & after.keys():
        if _en(before[code].get("title")) != _en(after[code].get("title")):
            yield Change(
                "text_changed",
                {
                    "part": "page title",
                    "old": _en(before[code].get("title")),
                    "new": _en(after[code].get("title")),
                },
            )
    kept = [code for code in before if code in after]
    if kept != [code for code in after if code in before]:
        yield Change("pages_reordered")
    yield from _field_changes(old, new)
    yield from _page_rest_changes(before, after)


def _page_rest_changes(
    before: Mapping[str, Mapping[str, Any]], after: Mapping[str, Mapping[str, Any]]
) -> Iterator[Change]:
    for code in before.keys() & after.keys():
        rest_before = {k: v for k, v in before[code].items() if k not in ("fields", "title")}
        rest_after = {k: v for k, v in after[code].items() if k not in ("fields", "title")}
        if rest_before != rest_after:
            yield Change("item_changed", {"part": "page", "name": _en(after[code].get("title"))})


def _fields(document: Document) -> dict[str, tuple[str, int, Mapping[str, Any]]]:
    """Each field's page title, place on its page and definition, by code."""
    found = {}
    for page in document.get("pages") or ():
        for place, item in enumerate(page.get("fields") or ()):
            found[item["code"]] = (_en(page.get("title")), place, item)
    return found


def _field_changes(old: Document, new: Document) -> Iterator[Change]:
    before, after = _fields(old), _fields(new)
    for code in before.keys() - after.keys():
        page, _, item = before[code]
        yield Change("field_removed", {"field": _en(item.get("label")), "page": page})
    for code in after.keys() - before.keys():
        page, _, item = after[code]
        yield Change("field_added", {"field": _en(item.get("label")), "page": page})
    for code in [c for c in after if c in before]:
        yield from _one_field_changes(before[code], after[code])
    yield from _order_changes(old, new, before, after)


def _one_field_changes(
    before: tuple[str, int, Mapping[str, Any]], after: tuple[str, int, Mapping[str, Any]]
) -> Iterator[Change]:
    old_page, _, old_item = before
    new_page, _, new_item = after
    name = _en(new_item.get("label"))
    if old_page != new_page:
        yield Change("field_moved", {"field": name, "old": old_page, "new": new_page})
    reported = False
    for part in FIELD_PARTS:
        if old_item.get(part) != new_item.get(part):
            reported = True
            old_value, new_value = _shown(old_item.get(part)), _shown(new_item.get(part))
            yield Change(
                "field_changed", {"field": name, "part": part, "old": old_value, "new": new_value}
            )
    rest = [k for k in {*old_item, *new_item} if k not in FIELD_PARTS and k != "code"]
    if not reported and any(old_item.get(k) != new_item.get(k) for k in rest):
        yield Change("item_changed", {"part": "field", "name": name})


def _shown(value: Any) -> str:
    if isinstance(value, Mapping) and set(value) <= {"en", "dz"}:
        return " / ".join(str(v) for v in value.values())
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _order_changes(
    old: Document,
    new: Document,
    before: Mapping[str, tuple[str, int, Mapping[str, Any]]],
    after: Mapping[str, tuple[str, int, Mapping[str, Any]]],
) -> Iterator[Change]:
    new_pages = _by_code(new.get("pages"))
    for page in old.get("pages") or ():
        if page["code"] not in new_pages:
            continue
        old_codes = [f["code"] for f in page.get("fields") or ()]
        new_codes = [f["code"] for f in new_pages[page["code"]].get("fields") or ()]
        shared = set(old_codes) & set(new_codes)
        if [c for c in old_codes if c in shared] != [c for c in new_codes if c in shared]:
            yield Change("fields_reordered", {"page": _en(new_pages[page["code"]].get("title"))})


def _amount(value: Any, currency: str) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        sign = CURRENCY_SIGNS.get(currency, currency)
        whole, cents = divmod(value, 100)
        return f"{sign} {whole:,}" + (f".{cents:02d}" if cents else "")
    return None


def _fee_changes(old: Document, new: Document) -> Iterator[Change]:
    before, after = _by_code(old.get("fees")), _by_code(new.get("fees"))
    for code in before.keys() - after.keys():
        yield Change("fee_removed", {"fee": _en(before[code].get("label"))})
    for code in after.keys() - before.keys():
        yield Change("fee_added", {"fee": _en(after[code].get("label"))})
    currency = str(new.get("currency", "BTN"))
    for code in [c for c in after if c in before and before[c] != after[c]]:
        name = _en(after[code].get("label"))
        old_amount = _amount(before[code].get("amount"), currency)
        new_amount = _amount(after[code].get("amount"), currency)
        if before[code].get("amount") != after[code].get("amount") and old_amount and new_amount:
            yield Change("fee_changed", {"fee": name, "old": old_amount, "new": new_amount})
        else:
            yield Change("item_changed", {"part": "fee", "name": name})


def _listed(key: str, part: str, name_key: str) -> Callable[[Document, Document], Iterator[Change]]:
    def differ(old: Document, new: Document) -> Iterator[Change]:
        before, after = _by_code(old.get(key)), _by_code(new.get(key))
        for code in before.keys() - after.keys():
            yield Change("item_removed", {"part": part, "name": _en(before[code].get(name_key))})
        for code in after.keys() - before.keys():
            yield Change("item_added", {"part": part, "name": _en(after[code].get(name_key))})
        for code in [c for c in after if c in before and before[c] != after[c]]:
            yield Change("item_changed", {"part": part, "name": _en(after[code].get(name_key))})

    return differ


def _step_changes(old: Document, new: Document) -> Iterator[Change]:
    before, after = old.get("workflow") or {}, new.get("workflow") or {}
    yield from _listed("steps", "step", "name")(before, after)
    if before.get("start") != after.get("start"):
        yield Change(
            "text_changed",
            {"part": "first step", "old": str(before.get("start")), "new": str(after.get("start"))},
        )


_DIFFERS: dict[str, Callable[[Document, Document], Iterator[Change]]] = {
    "title": _text_changes("title"),
    "summary": _text_changes("summary"),
    "pages": _page_changes,
    "fees": _fee_changes,
    "documents": _listed("documents", "document", "name"),
    "registrations": _listed("registrations", "registration", "name"),
    "certificates": _listed("certificates", "certificate", "title"),
    "roles": _listed("roles", "role", "name"),
    "workflow": _step_changes,
}
