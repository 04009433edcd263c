"""What changed between two versions of a definition, in words a service designer reads."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from dzong.engine.definition import Text
from dzong.engine.diff_texts import DETAILS, IN_DZONGKHA, PARTS, SENTENCES, WORDS

Document = Mapping[str, Any]

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
DZONGKHA = " (Dzongkha)"


@dataclass(frozen=True)
class Change:
    """One change: its kind (a key of SENTENCES) and the names and values it mentions."""

    kind: str
    values: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return SENTENCES[self.kind].en.format(**self.values)


def describe(change: Change, language: str) -> str:
    """One change in words a service designer reads, in `language`."""
    values = dict(change.values)
    if "part" in values:
        values["part"] = _part(values["part"], language)
    if "what" in values:
        values["what"] = _part(values["what"], language, DETAILS)
    for key in ("old", "new"):
        if values.get(key) in WORDS:
            values[key] = WORDS[values[key]].get(language)
    return SENTENCES[change.kind].get(language).format(**values)


def _part(name: str, language: str, first: Mapping[str, Text] | None = None) -> str:
    if name.endswith(DZONGKHA):
        within = _part(name.removesuffix(DZONGKHA), language, first)
        return IN_DZONGKHA.get(language).format(part=within)
    known = (first or {}).get(name) or PARTS.get(name)
    return known.get(language) if known else name


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
            yield Change("section_changed", {"part": f"{key}{DZONGKHA}"})

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


def _step_changes(old: Document, new: Document) -> Iterator[Change]:
    before, after = old.get("workflow") or {}, new.get("workflow") or {}
    steps = [*(before.get("steps") or ()), *(after.get("steps") or ())]
    names = {step["code"]: _en(step.get("name")) for step in steps if isinstance(step, Mapping)}
    yield from _listed("steps", "step", "name", _step_details(names))(before, after)
    if before.get("start") != after.get("start"):
        yield Change(
            "text_changed",
            {"part": "first step", "old": str(before.get("start")), "new": str(after.get("start"))},
        )
    rest = {k for k in {*before, *after} if k not in ("steps", "start")}
    if any(before.get(k) != after.get(k) for k in rest):
        yield Change("section_changed", {"part": "workflow"})


def _listed(
    key: str, part: str, name_key: str, details: Details | None = None
) -> Callable[[Document, Document], Iterator[Change]]:
    def differ(old: Document, new: Document) -> Iterator[Change]:
        before, after = _by_code(old.get(key)), _by_code(new.get(key))
        for code in before.keys() - after.keys():
            yield Change("item_removed", {"part": part, "name": _en(before[code].get(name_key))})
        for code in after.keys() - before.keys():
            yield Change("item_added", {"part": part, "name": _en(after[code].get(name_key))})
        for code in [c for c in after if c in before and before[c] != after[c]]:
            name = _en(after[code].get(name_key))
            found = list((details or _plain_details(part))(name, before[code], after[code]))
            yield from found or [Change("item_changed", {"part": part, "name": name})]

    return differ


Details = Callable[[str, Mapping[str, Any], Mapping[str, Any]], Iterator[Change]]


def _plain_details(part: str, skip: tuple[str, ...] = ("code",)) -> Details:
    """Each key that differs, its value told when it is a text, a number or a word."""

    def details(name: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[Change]:
        for key in [k for k in {**before, **after} if k not in skip]:
            old, new = before.get(key), after.get(key)
            if old == new:
                continue
            values = {"part": part, "name": name, "what": key}
            if _is_text(old) and _is_text(new) and _en(old) == _en(new):
                yield Change("detail_changed", values | {"what": f"{key}{DZONGKHA}"})
            elif _simple(old) and _simple(new):
                yield Change(
                    "detail_changed_from", values | {"old": _brief(old), "new": _brief(new)}
                )
            else:
                yield Change("detail_changed", values)

    return details


def _is_text(value: Any) -> bool:
    return isinstance(value, Mapping) and set(value) <= {"en", "dz"}


def _simple(value: Any) -> bool:
    return value is None or _is_text(value) or isinstance(value, str | int | float)


def _brief(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "-" if value is None else _en(value) if _is_text(value) else str(value)


def _step_details(names: Mapping[str, str]) -> Details:
    """A step's changes, the steps it leads to called by their names."""

    def details(name: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[Change]:
        old_days, new_days = before.get("deadline_days"), after.get("deadline_days")
        if old_days != new_days:
            values = {"name": name, "old": _brief(old_days), "new": _brief(new_days)}
            yield Change("deadline_changed", values)
        old_actions, new_actions = before.get("actions") or [], after.get("actions") or []
        yield from _action_changes(name, old_actions, new_actions, names)
        skip = ("code", "deadline_days", "actions")
        yield from _plain_details("step", skip)(name, _named(before, names), _named(after, names))

    return details


def _named(step: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    targets = {k: names.get(step[k], step[k]) for k in ("if_true", "if_false") if k in step}
    return {**step, **targets}


def _action_changes(
    name: str, before: list[Any], after: list[Any], names: Mapping[str, str]
) -> Iterator[Change]:
    old, new = _by_code(before), _by_code(after)
    step = {"part": "step", "name": name, "what": "action"}
    for code in old.keys() - new.keys():
        yield Change("detail_removed", step | {"item": _en(old[code].get("label"))})
    for code in new.keys() - old.keys():
        yield Change("detail_added", step | {"item": _en(new[code].get("label"))})
    for code in [c for c in new if c in old and old[c] != new[c]]:
        action = _en(new[code].get("label"))
        target = str(new[code].get("to") or "")
        if old[code].get("to") != new[code].get("to"):
            leads = names.get(target, _brief(new[code].get("to")))
            yield Change("action_leads", {"name": name, "action": action, "new": leads})
        yield from _plain_details("action", ("code", "to"))(action, old[code], new[code])
    if [c for c in old if c in new] != [c for c in new if c in old]:
        yield Change("details_reordered", step | {"what": "actions"})


def _document_details(
    name: str, before: Mapping[str, Any], after: Mapping[str, Any]
) -> Iterator[Change]:
    old_size, new_size = before.get("max_size"), after.get("max_size")
    if old_size != new_size:
        yield Change("max_size_changed", {"name": name, "old": _mb(old_size), "new": _mb(new_size)})
    if before.get("accept") != after.get("accept"):
        old, new = _kinds(before.get("accept")), _kinds(after.get("accept"))
        yield Change(
            "detail_changed_from",
            {"part": "document", "name": name, "what": "accepted files", "old": old, "new": new},
        )
    skip = ("code", "max_size", "accept")
    yield from _plain_details("document", skip)(name, before, after)


FILE_KINDS = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


def _kinds(accept: Any) -> str:
    return ", ".join(FILE_KINDS.get(str(kind), str(kind)) for kind in accept or ())


def _mb(size: Any) -> str:
    if not isinstance(size, int):
        return "-"
    shown = f"{size / (1024 * 1024):.2f}".rstrip("0").rstrip(".")
    return shown


def _rows_details(part: str, key: str, what: str, row_name: Callable[[Any], str]) -> Details:
    """Rows without codes of their own (facts, options), matched by their names."""

    def details(name: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[Change]:
        old = {row_name(row): row for row in before.get(key) or ()}
        new = {row_name(row): row for row in after.get(key) or ()}
        values = {"part": part, "name": name, "what": what}
        for item in old.keys() - new.keys():
            yield Change("detail_removed", values | {"item": item})
        for item in [i for i in new if i not in old]:
            yield Change("detail_added", values | {"item": item})
        for item in [i for i in new if i in old and old[i] != new[i]]:
            yield _row_change(values | {"item": item}, old[item], new[item])
        if [i for i in old if i in new] != [i for i in new if i in old]:
            yield Change("details_reordered", values | {"what": f"{what}s"})
        yield from _plain_details(part, ("code", key))(name, before, after)

    return details


def _row_change(values: dict[str, str], old: Mapping[str, Any], new: Mapping[str, Any]) -> Change:
    """A fact or option that changed: from what to what, when one plain value changed."""
    keys = [k for k in {**old, **new} if old.get(k) != new.get(k)]
    if len(keys) == 1 and _simple(old.get(keys[0])) and _simple(new.get(keys[0])):
        before, after = _brief(old.get(keys[0])), _brief(new.get(keys[0]))
        if before != after:
            return Change("row_changed_from", values | {"old": before, "new": after})
    return Change("row_changed", values)


def _label_of(row: Any) -> str:
    return _en(row.get("label")) if isinstance(row, Mapping) else str(row)


def _option_of(row: Any) -> str:
    return str(row.get("code")) if isinstance(row, Mapping) else str(row)


def _message_changes(old: Document, new: Document) -> Iterator[Change]:
    before, after = list(old.get("messages") or ()), list(new.get("messages") or ())
    for index in range(min(len(before), len(after))):
        was, now = before[index], after[index]
        for key in [k for k in {**was, **now} if was.get(k) != now.get(k)]:
            what = key if key != "event" else "when it is sent"
            yield Change("message_changed", {"event": str(was.get("event")), "what": what})
    for was in before[len(after) :]:
        yield Change("message_removed", {"event": str(was.get("event"))})
    for now in after[len(before) :]:
        yield Change("message_added", {"event": str(now.get("event"))})


_DIFFERS: dict[str, Callable[[Document, Document], Iterator[Change]]] = {
    "title": _text_changes("title"),
    "summary": _text_changes("summary"),
    "pages": _page_changes,
    "fees": _fee_changes,
    "documents": _listed("documents", "document", "name", _document_details),
    "registrations": _listed("registrations", "registration", "name"),
    "certificates": _listed(
        "certificates",
        "certificate",
        "title",
        _rows_details("certificate", "facts", "fact", _label_of),
    ),
    "choice_lists": _listed(
        "choice_lists",
        "choice list",
        "label",
        _rows_details("choice list", "options", "option", _option_of),
    ),
    "roles": _listed("roles", "role", "name"),
    "workflow": _step_changes,
    "messages": _message_changes,
}
