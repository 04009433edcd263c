"""From the designer's forms to parts of a definition, and back for editing."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from dzong.designer.forms import RULE_ROWS, choice_amount, texts
from dzong.engine.conditions import read_rule
from dzong.engine.edits import code_from
from dzong.engine.loader import shared_choice_lists

MANAGED = ("label", "hint", "type", "required", "min", "max", "max_length", "choices", "show_if")
CHOICE_TYPES = ("choice", "multiple_choice")


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def field_from(
    data: Mapping[str, Any], *, base: Mapping[str, Any], show_if: Any, choices: str | None
) -> dict[str, Any]:
    """A field's definition from the form, keeping what the form does not edit."""
    field = {k: v for k, v in base.items() if k not in MANAGED}
    values: dict[str, Any] = {
        "type": data["type"],
        "label": texts(dict(data), "label"),
        "hint": texts(dict(data), "hint"),
        "min": _number(data.get("min")),
        "max": _number(data.get("max")),
        "max_length": data.get("max_length"),
        "choices": choices if data["type"] in CHOICE_TYPES else None,
        "show_if": show_if,
    }
    required = base.get("required", True)
    values["required"] = required if isinstance(required, dict) else bool(data.get("required"))
    if values["required"] is True:
        values["required"] = None  # true is the default, so it is left out
    ordered = {"code": field.pop("code")} if "code" in field else {}
    ordered.update({k: v for k, v in values.items() if v is not None and k in ("type", "label")})
    ordered.update({k: v for k, v in values.items() if v is not None and k not in ordered})
    return {**ordered, **field}


def new_choice_list(
    document: Mapping[str, Any], label: Mapping[str, str], lines: list[tuple[str, str]]
) -> dict[str, Any]:
    """A choice list of the service made from the form's lines."""
    taken = {c["code"] for c in document.get("choice_lists", [])} | set(shared_choice_lists())
    code = code_from(label["en"], taken, separator="-")
    options, codes = [], set[str]()
    for english, dzongkha in lines:
        option = code_from(english, codes, separator="-")
        codes.add(option)
        text = {"en": english, "dz": dzongkha} if dzongkha else {"en": english}
        options.append({"code": option, "label": text})
    return {"code": code, "options": options}


def field_initial(field: Mapping[str, Any], revision: int) -> dict[str, Any]:
    """The field form's starting values for an existing field."""
    initial: dict[str, Any] = {"revision": revision, "type": field.get("type", "text")}
    for name in ("label", "hint"):
        for language in ("en", "dz"):
            initial[f"{name}_{language}"] = (field.get(name) or {}).get(language, "")
    initial["required"] = field.get("required", True) is not False
    for name in ("min", "max", "max_length", "choices"):
        initial[name] = field.get(name)
    shown = json.dumps(field["show_if"], ensure_ascii=False) if field.get("show_if") else ""
    initial.update({"rule_json": shown, "rule_json_shown": shown})
    initial.update(_rows(field.get("show_if")))
    return initial


def _rows(rule: Any) -> dict[str, Any]:
    read = read_rule(rule)
    if read is None:
        return {}
    combine, conditions = read
    rows: dict[str, Any] = {"combine": combine}
    for index, condition in enumerate(conditions[:RULE_ROWS]):
        rows[f"if_field_{index}"] = condition.field
        rows[f"if_comparison_{index}"] = condition.comparison
        value = condition.value
        rows[f"if_value_{index}"] = ("yes" if value else "no") if isinstance(value, bool) else value
    return rows


def choice_lists(document: Mapping[str, Any]) -> list[tuple[Any, Any]]:
    """Every choice list a field may use, by name: the service's own, then the shared ones
    (the Dzongkhags, the countries), each group under its heading."""
    own = [
        (c["code"], (c.get("label") or {}).get("en", c["code"]))
        for c in document.get("choice_lists", [])
    ]
    shared = [
        (code, f"{chosen.label.en} ({len(chosen.options)})" if chosen.label else code)
        for code, chosen in shared_choice_lists().items()
    ]
    groups: list[tuple[Any, Any]] = [(_("Lists of this service"), own)] if own else []
    return [*groups, (_("Shared lists"), shared)]


def answers(document: Mapping[str, Any]) -> dict[str, list[tuple[str, str, str]]]:
    """The (code, English, Dzongkha) of each choice of each question answered by one choice."""
    own: dict[str, list[Any]] = {c["code"]: c["options"] for c in document.get("choice_lists", [])}
    shared: dict[str, list[Any]] = {
        code: [
            {"code": o.code, "label": {"en": o.label.en, "dz": o.label.dz or ""}} for o in c.options
        ]
        for code, c in shared_choice_lists().items()
    }
    found: dict[str, list[tuple[str, str, str]]] = {}
    for page in document.get("pages", []):
        for field in page.get("fields", []):
            options = own.get(field.get("choices")) or shared.get(field.get("choices"))
            if field.get("type") == "choice" and options:
                found[field["code"]] = [
                    (o["code"], o["label"]["en"], o["label"].get("dz", "")) for o in options
                ]
    return found


def fee_initial(fee: Mapping[str, Any], revision: int) -> dict[str, Any]:
    """The fee form's starting values for an existing fee."""
    label = fee.get("label") or {}
    initial = {
        "revision": revision,
        "label_en": label.get("en", ""),
        "label_dz": label.get("dz", ""),
        "account": fee.get("account", ""),
        "refund": fee.get("refund", default_refund(fee)),
    }
    return initial | _amount_initial(fee.get("amount"))


def default_refund(fee: Mapping[str, Any]) -> str:
    """When a fee is given back if its definition does not say: as the engine reads it."""
    return "on_rejection" if fee.get("due", "before_submission") == "before_submission" else "never"


def _amount_initial(amount: Any) -> dict[str, Any]:
    if isinstance(amount, int):
        return {"kind": "fixed", "amount": Decimal(amount) / 100}
    if isinstance(amount, dict) and set(amount) == {"*"}:
        var, cents = amount["*"]
        if isinstance(var, dict) and isinstance(cents, int):
            return {"kind": "per_unit", "field": var.get("var"), "amount": Decimal(cents) / 100}
    by_choice = _by_choice_lines(amount)
    if by_choice is not None:
        return {"kind": "by_choice", **by_choice}
    return {"kind": "formula", "formula": json.dumps(amount, ensure_ascii=False)}


def _by_choice_lines(amount: Any) -> dict[str, Any] | None:
    if not (isinstance(amount, dict) and set(amount) == {"if"} and len(amount["if"]) % 2):
        return None
    parts, boxes, field = amount["if"][:-1], {}, None
    for test, cents in zip(parts[::2], parts[1::2], strict=True):
        compared = test.get("==") if isinstance(test, dict) else None
        if not compared or not isinstance(cents, int) or not isinstance(compared[0], dict):
            return None
        if field not in (None, compared[0].get("var")) or not isinstance(compared[1], str):
            return None
        field = compared[0].get("var")
        boxes[choice_amount(str(field), compared[1])] = Decimal(cents) / 100
    return {"field": field, **boxes}
