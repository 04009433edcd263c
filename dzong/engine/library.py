"""The question library: questions copied from one definition into another with their rules.

A copied question brings what its rules need: the questions its `show_if`, `required` and
checks read (so that the rule still means what it meant), the choice list it offers and the
document it asks for. A code the target already uses is renamed, and every copied rule follows.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from dzong.engine.edits import Document, EditError, code_from, field_codes
from dzong.engine.loader import shared_choice_lists
from dzong.engine.paths import variables

RULE_KEYS = ("show_if", "required")


def top_level_questions(document: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every top-level question of a definition with its page's code, in form order."""
    return [(p["code"], f) for p in document.get("pages", []) for f in p.get("fields", [])]


def rules_of(question: Mapping[str, Any]) -> list[Any]:
    """Every rule a question (and, for a group, its members) holds."""
    rules = [question.get(key) for key in RULE_KEYS if isinstance(question.get(key), dict)]
    rules += [check.get("rule") for check in question.get("checks", [])]
    for member in question.get("fields", []):
        rules += rules_of(member)
    return rules


def needed_questions(document: Mapping[str, Any], codes: Sequence[str]) -> list[str]:
    """The questions asked for and every question their rules read, in form order."""
    questions = {q["code"]: q for _, q in top_level_questions(document)}
    found: set[str] = set()
    waiting = [c for c in codes if c in questions]
    while waiting:
        code = waiting.pop()
        if code in found:
            continue
        found.add(code)
        read = {name for rule in rules_of(questions[code]) for name in variables(rule)}
        waiting += [name for name in read if name in questions and name != code]
    return [code for code in questions if code in found]


def copy_questions(
    target: Mapping[str, Any],
    source: Mapping[str, Any],
    *,
    codes: Sequence[str],
    page_code: str,
) -> tuple[Document, list[str]]:
    """The target with the questions (and what their rules need) added at the end of a page;
    and the codes they have in it."""
    changed = copy.deepcopy(dict(target))
    page = next((p for p in changed.get("pages", []) if p["code"] == page_code), None)
    if page is None:
        raise EditError(f"No page '{page_code}'.")
    questions = {q["code"]: q for _, q in top_level_questions(source)}
    wanted = needed_questions(source, codes)
    taken = field_codes(changed)
    renames: dict[str, str] = {}
    for code in wanted:
        new = code_from(code, taken) if code in taken else code
        taken.add(new)
        renames[code] = new
    for code in wanted:
        question = _renamed(copy.deepcopy(questions[code]), renames)
        question.pop("unique", None)  # the registration it was unique under is the source's
        _bring_choices(changed, source, question)
        _bring_document(changed, source, question)
        page["fields"].append(question)
    return changed, [renames[code] for code in wanted]


def _renamed(question: dict[str, Any], renames: Mapping[str, str]) -> dict[str, Any]:
    question["code"] = renames.get(question["code"], question["code"])
    for key in RULE_KEYS:
        if isinstance(question.get(key), dict):
            question[key] = rename_variables(question[key], renames)
    for check in question.get("checks", []):
        check["rule"] = rename_variables(check["rule"], renames)
    question["fields"] = [_renamed(m, renames) for m in question.get("fields", [])] or None
    if question["fields"] is None:
        del question["fields"]
    return question


def rename_variables(rule: Any, renames: Mapping[str, str]) -> Any:
    """A rule reading the renamed answers: `{"var": "old.x"}` becomes `{"var": "new.x"}`."""
    if isinstance(rule, list):
        return [rename_variables(item, renames) for item in rule]
    if not (isinstance(rule, dict) and len(rule) == 1):
        return rule
    ((operator, args),) = rule.items()
    if operator == "var":
        return {"var": _rename_name(args, renames)}
    if operator in ("missing", "missing_some"):
        return {operator: _rename_names(args, renames)}
    return {operator: rename_variables(args, renames)}


def _rename_name(name: Any, renames: Mapping[str, str]) -> Any:
    if isinstance(name, list):
        return [_rename_name(name[0], renames), *name[1:]] if name else name
    if not isinstance(name, str):
        return name
    head, dot, rest = name.partition(".")
    return renames.get(head, head) + dot + rest


def _rename_names(names: Any, renames: Mapping[str, str]) -> Any:
    if isinstance(names, list):
        return [
            _rename_names(n, renames) if isinstance(n, list) else _rename_name(n, renames)
            for n in names
        ]
    return _rename_name(names, renames)


def _bring_choices(target: Document, source: Mapping[str, Any], question: dict[str, Any]) -> None:
    """The question's own choice list copied along (renamed if the target has another)."""
    for item in [question, *question.get("fields", [])]:
        code = item.get("choices")
        if not code or code in shared_choice_lists():
            continue
        wanted = next(c for c in source.get("choice_lists", []) if c["code"] == code)
        lists = target.setdefault("choice_lists", [])
        same = next((c for c in lists if c["code"] == code), None)
        if same is None:
            lists.append(copy.deepcopy(wanted))
        elif same != wanted:
            renamed = code_from(code, {c["code"] for c in lists}, separator="-")
            lists.append({**copy.deepcopy(wanted), "code": renamed})
            item["choices"] = renamed


def _bring_document(target: Document, source: Mapping[str, Any], question: dict[str, Any]) -> None:
    """The kind of document a file question asks for, copied along if the target lacks it."""
    for item in [question, *question.get("fields", [])]:
        code = item.get("document")
        if not code:
            continue
        documents = target.setdefault("documents", [])
        if not any(d["code"] == code for d in documents):
            documents.append(
                copy.deepcopy(next(d for d in source["documents"] if d["code"] == code))
            )


def shared_list_question(
    target: Mapping[str, Any], *, list_code: str, page_code: str, label: Mapping[str, str]
) -> tuple[Document, str]:
    """The target with a choice question, labelled `label`, offering a shared list."""
    if list_code not in shared_choice_lists():
        raise EditError(f"No shared list '{list_code}'.")
    changed = copy.deepcopy(dict(target))
    page = next((p for p in changed.get("pages", []) if p["code"] == page_code), None)
    if page is None:
        raise EditError(f"No page '{page_code}'.")
    code = code_from(label["en"], field_codes(changed))
    text = {language: label[language] for language in ("en", "dz") if label.get(language)}
    page["fields"].append({"code": code, "type": "choice", "label": text, "choices": list_code})
    return changed, code
