"""The checks of a draft: where each problem is fixed, and the checks with an unsaved change.

A change typed in a form is checked on a copy, never saved: as the designer types, the form is
posted (dzong/js/live_checks.js) to its view's check address; the view builds the changed
definition exactly as saving would, and `respond` checks it in memory and tells, for the part
being edited, what `dzong service check` would report, with links to fix it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dzong.catalogue.models import ServiceVersion
from dzong.engine.checks import check_source
from dzong.engine.loader import Problem, SourceDocument
from dzong.engine.pitfalls import check_pitfalls

Document = dict[str, Any]
FORM_ANCHOR = "#designer-form"
DESCRIPTION_PARTS = ("title", "summary", "description")


def problem_target(slug: str, path: str, document: Document) -> str:
    """Where a designer fixes a problem found at `path`."""
    found = re.match(r"pages\[(\d+)\](?:\.fields\[(\d+)\])?", path)
    if found:
        page = document["pages"][int(found[1])]
        if found[2] is not None and int(found[2]) < len(page["fields"]):
            code = page["fields"][int(found[2])]["code"]
            return reverse("designer:field", args=[slug, code])
        return reverse("designer:section", args=[slug, "questions"]) + f"#page-{page['code']}"
    fee = re.match(r"fees\[(\d+)\]", path)
    if fee:
        return reverse("designer:fee", args=[slug, document["fees"][int(fee[1])]["code"]])
    step = re.match(r"workflow\.steps\[(\d+)\]", path)
    steps = (document.get("workflow") or {}).get("steps", [])
    if step and int(step[1]) < len(steps):
        return reverse("designer:step", args=[slug, steps[int(step[1])]["code"]])
    part = re.match(r"(registrations|messages)\[(\d+)\]", path)
    if part and int(part[2]) < len(document.get(part[1], [])):
        if part[1] == "messages":
            return reverse("designer:message", args=[slug, int(part[2]) + 1])
        code = document["registrations"][int(part[2])]["code"]
        return reverse("designer:registration", args=[slug, code])
    named = _named_part(slug, path, document)
    if named:
        return named
    if path.startswith("workflow"):
        return reverse("designer:workflow", args=[slug])
    if path.split(".")[0].split("[")[0] in ("title", "summary", "description"):
        return reverse("designer:description", args=[slug])
    return reverse("designer:document", args=[slug])


PLACES = {
    "documents": (_("the document '%(name)s'"), "name"),
    "certificates": (_("the certificate '%(name)s'"), "title"),
    "choice_lists": (_("the choice list '%(name)s'"), "label"),
    "roles": (_("the role '%(name)s'"), "name"),
    "registrations": (_("the registration '%(name)s'"), "name"),
    "messages": (_("the message '%(name)s'"), "subject"),
    "fees": (_("the fee '%(name)s'"), "label"),
    "agencies": (_("the agency '%(name)s'"), "name"),
}


def place_of(path: str, document: Document) -> str:
    """Where a problem found at `path` is, in the designer's words: "the page 'Your stall'"."""
    page = re.match(r"pages\[(\d+)\](?:\.fields\[(\d+)\])?", path)
    if page and int(page[1]) < len(document.get("pages", [])):
        found = document["pages"][int(page[1])]
        if page[2] is not None and int(page[2]) < len(found.get("fields", [])):
            return _words(_("the question '%(name)s'"), found["fields"][int(page[2])], "label")
        return _words(_("the page '%(name)s'"), found, "title")
    step = re.match(r"workflow\.steps\[(\d+)\]", path)
    steps = (document.get("workflow") or {}).get("steps", [])
    if step and int(step[1]) < len(steps):
        return _words(_("the step '%(name)s'"), steps[int(step[1])], "name")
    part = re.match(r"(\w+)\[(\d+)\]", path)
    if part and part[1] in PLACES and int(part[2]) < len(document.get(part[1], [])):
        words, key = PLACES[part[1]]
        return _words(words, document[part[1]][int(part[2])], key)
    head = path.split(".")[0].split("[")[0]
    if head in ("title", "summary", "description"):
        return str(_("the public description"))
    if head == "workflow":
        return str(_("the workflow"))
    return str(_("the service"))


def _words(words: Any, entry: Mapping[str, Any], key: str) -> str:
    name = entry.get(key)
    english = name.get("en") if isinstance(name, Mapping) else None
    return str(words % {"name": english or entry.get("code", "")})


SECTIONS = [
    # the section, in words; where it is; the keys of the definition it holds
    (_("Public description"), "description", ("title", "summary", "description")),
    (_("Questions"), "questions", ("pages",)),
    (_("Fees"), "fees", ("fees",)),
    (_("Documents applicants upload"), "documents", ("documents",)),
    (_("Workflow steps"), "workflow", ("workflow", "roles")),
    (_("Registrations"), "registrations", ("registrations",)),
    (_("Certificates"), "certificates", ("certificates",)),
    (_("Messages to the applicant"), "messages", ("messages",)),
]


def sections(document: Document, paths: Sequence[str]) -> list[dict[str, Any]]:
    """Each part of the service: whether it has anything yet and how many findings remain."""
    found = []
    for words, anchor, keys in SECTIONS:
        count = sum(1 for path in paths if re.split(r"[.\[]", path)[0] in keys)
        present = any(document.get(key) for key in keys)
        found.append({"words": words, "anchor": anchor, "count": count, "present": present})
    return found


NAMED_PARTS = {
    "documents": "designer:required_document",
    "certificates": "designer:certificate",
    "choice_lists": "designer:choice_list",
    "roles": "designer:role",
}


def _named_part(slug: str, path: str, document: Document) -> str:
    """The form of a document, certificate, choice list or role found at `path`, if any."""
    found = re.match(r"(documents|certificates|choice_lists|roles)\[(\d+)\]", path)
    entries = document.get(found[1], []) if found else []
    if not found or int(found[2]) >= len(entries):
        return ""
    return reverse(NAMED_PARTS[found[1]], args=[slug, entries[int(found[2])]["code"]])


def part_of(document: Mapping[str, Any], changed: Mapping[str, Any], kind: str, code: str) -> str:
    """Where the edited part stands in the changed definition (a new part: the one added).

    `kind`: field, fee, step, messages (numbered from 1) or the key of a part with a code.
    """
    entries = _entries(changed, kind)
    if not code:
        before = {entry_code for entry_code, _path in _entries(document, kind)}
        code = next((c for c, _path in entries if c not in before), "")
    return next((path for entry_code, path in entries if entry_code == code), kind)


def _entries(document: Mapping[str, Any], kind: str) -> list[tuple[str, str]]:
    if kind == "field":
        return [
            (field["code"], f"pages[{p}].fields[{f}]")
            for p, page in enumerate(document.get("pages", []))
            for f, field in enumerate(page.get("fields", []))
        ]
    if kind == "fee":
        return [(fee["code"], f"fees[{i}]") for i, fee in enumerate(document.get("fees", []))]
    if kind == "messages":
        return [(str(i + 1), f"messages[{i}]") for i in range(len(document.get("messages", [])))]
    if kind in ("registrations", *NAMED_PARTS):
        return [(entry["code"], f"{kind}[{i}]") for i, entry in enumerate(document.get(kind, []))]
    steps = (document.get("workflow") or {}).get("steps", [])
    return [(step["code"], f"workflow.steps[{i}]") for i, step in enumerate(steps)]


def stops_trying(document: Mapping[str, Any]) -> list[Problem]:
    """The problems that stop a draft's preview and test runs: texts still to write do not."""
    return check_source(SourceDocument(dict(document)), texts=False)


def warnings_of(document: Mapping[str, Any]) -> list[Problem]:
    """The pitfalls of a draft: findings that do not stop publishing."""
    return check_pitfalls(SourceDocument(dict(document)))


def _findings(document: Mapping[str, Any]) -> list[tuple[Problem, bool]]:
    """(finding, is a warning): the problems that stop publishing, then the warnings."""
    source = SourceDocument(dict(document))
    return [(p, False) for p in check_source(source)] + [(w, True) for w in check_pitfalls(source)]


def _in_part(path: str, parts: Sequence[str]) -> bool:
    if not parts:
        return True
    return any(re.match(re.escape(part) + r"(?![\d\w])", path) for part in parts)


def respond(
    request: HttpRequest,
    version: ServiceVersion,
    changed: Mapping[str, Any],
    *,
    parts: Sequence[str] = (),
) -> HttpResponse:
    """The checks of the draft with the change, for the edited part and what it breaks elsewhere.

    `parts` are the paths of the edited part (none: the whole definition).
    """
    slug = version.service.slug
    saved = {(str(p), warning) for p, warning in _findings(version.document)}
    here, caused, others = [], [], 0
    for finding, warning in _findings(changed):
        if _in_part(finding.path, parts):
            here.append((finding.message, FORM_ANCHOR, warning))
        elif (str(finding), warning) not in saved:
            target = problem_target(slug, finding.path, dict(changed))
            place = place_of(finding.path, dict(changed))
            caused.append((f"{place[:1].upper()}{place[1:]}: {finding.message}", target, warning))
        else:
            others += 1
    context = {
        "here": here,
        "caused": caused,
        "others": others,
        "draft_checks": reverse("designer:draft", args=[slug]) + "#checks",
        "whole": not parts,
    }
    return render(request, "designer/_live_checks.html", context)


def form_errors(request: HttpRequest, errors: Sequence[tuple[str, str]]) -> HttpResponse:
    """What the form itself refuses, before any check of the definition can run."""
    return render(request, "designer/_live_checks.html", {"refused": errors})
