"""Editing a draft without code: description, pages and fields, fees, the whole document."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dzong.catalogue.models import ServiceVersion
from dzong.catalogue.services import StaleDraft, VersionFrozen, save_draft
from dzong.designer import checks, drafting
from dzong.designer.access import designers_only, service_for
from dzong.designer.checks import problem_target
from dzong.designer.forms import DescriptionForm, DocumentForm, FeeForm, FieldForm, PageForm, texts
from dzong.engine import edits
from dzong.engine.checks import UNWRITTEN
from dzong.engine.edits import EditError
from dzong.engine.errors import DefinitionError
from dzong.engine.loader import dump_yaml, parse_text

Document = dict[str, Any]
DESCRIPTION_PARTS = ("purpose", "who_can_apply", "expected_time", "legal_basis")


def stale_message() -> str:
    """What a designer reads when someone else saved the draft first."""
    return _(
        "Someone else saved this draft after you opened this page, so your changes were "
        "NOT saved. What you typed is still below. Look at the draft as it is now; "
        "saving this form again will replace their version of these parts."
    )


def draft_of(request: HttpRequest, slug: str, checking: bool = False) -> ServiceVersion:
    """The draft of a service the user designs; 404 if there is none.

    `checking`: a form is only being checked, which is posted, never read.
    """
    if checking and request.method != "POST":
        raise Http404("Checks are posted.")
    service = service_for(request, slug)
    draft = service.versions.filter(status=ServiceVersion.Status.DRAFT).first()
    if draft is None:
        raise Http404("No draft.")
    return draft  # type: ignore[no-any-return]


def _store(
    request: HttpRequest, draft: ServiceVersion, document: Document, revision: int
) -> list[tuple[str, str]]:
    """Save through the catalogue; the problems that stopped it, or none."""
    try:
        save_draft(version=draft, document=document, revision=revision)
    except StaleDraft:
        return [(stale_message(), "main-content")]
    except VersionFrozen:
        return [(_("This version is published and cannot change."), "main-content")]
    except DefinitionError as error:
        return [(str(problem), "main-content") for problem in error.problems]
    return []


def _steps(document: Document) -> list[dict[str, Any]]:
    """The workflow as a list a reader follows: each step, who acts, and where each leads."""
    steps = (document.get("workflow") or {}).get("steps", [])
    names = {step["code"]: step["name"]["en"] for step in steps}
    shown = []
    for step in steps:
        leads = [
            (a["label"]["en"], names.get(a.get("to", ""), a.get("to", "")))
            for a in step.get("actions", [])
        ]
        for key in ("if_true", "if_false"):
            if step.get(key):
                leads.append(
                    (key.replace("if_", "if ").replace("_", " "), names.get(step[key], step[key]))
                )
        shown.append({**step, "leads": leads})
    return shown


@designers_only
def draft(request: HttpRequest, slug: str) -> HttpResponse:
    """The draft at a glance: pages and fields to arrange, fees, workflow, checks."""
    version = draft_of(request, slug)
    document = version.document
    found = version.problems()
    problems = [
        (str(p.message), checks.place_of(p.path, document), problem_target(slug, p.path, document))
        for p in found
    ]
    warnings = [
        (str(w.message), checks.place_of(w.path, document), problem_target(slug, w.path, document))
        for w in checks.warnings_of(document)
    ]
    context = {
        "service": version.service,
        "version": version,
        "document": document,
        "problems": problems,
        "warnings": warnings,
        "missing": [
            (checks.place_of(path, document), english, problem_target(slug, path, document))
            for path, english in edits.missing_translations(document)
        ],
        "can_try": not checks.stops_trying(document),
        "sections": checks.sections(document, [p.path for p in found]),
    }
    return render(request, "designer/draft.html", context)


PART_OF_ANCHOR = {"choice-lists": "questions", "roles": "workflow"}


def section_url(slug: str, anchor: str, focus: str = "") -> str:
    """The page of the part of the service holding `anchor`, scrolled to it."""
    part = PART_OF_ANCHOR.get(anchor, anchor)
    if anchor.startswith(("page-", "field-", "new-page")):
        part = "questions"
    url = reverse("designer:section", args=[slug, part])
    return url + (f"?focus={focus}" if focus else "") + f"#{anchor}"


@designers_only
def section(request: HttpRequest, slug: str, part: str) -> HttpResponse:
    """One part of the service on its own page: what it has, links to change each thing."""
    version = draft_of(request, slug)
    document = version.document
    if part == "description" or part not in {anchor for _w, anchor, _k in checks.SECTIONS}:
        raise Http404("No such part.")
    counted = checks.sections(document, [p.path for p in version.problems()])
    state = next(s for s in counted if s["anchor"] == part)
    context = {
        "service": version.service,
        "version": version,
        "document": document,
        "part": part,
        "heading": state["words"],
        "count": state["count"],
        "present": state["present"],
        "template": f"designer/sections/{part}.html",
        "steps": _steps(document),
        "focus": request.GET.get("focus", ""),
    }
    return render(request, "designer/section.html", context)


ARRANGE: dict[str, Callable[[Document, dict[str, str]], Document]] = {
    "field-up": lambda d, p: edits.move_field(d, field_code=p["field"], offset=-1),
    "field-down": lambda d, p: edits.move_field(d, field_code=p["field"], offset=1),
    "field-remove": lambda d, p: edits.remove_field(d, field_code=p["field"]),
    "field-move": lambda d, p: edits.move_field_to_page(
        d, field_code=p["field"], page_code=p["page"]
    ),
    "page-up": lambda d, p: edits.move_page(d, page_code=p["page"], offset=-1),
    "page-down": lambda d, p: edits.move_page(d, page_code=p["page"], offset=1),
    "page-remove": lambda d, p: edits.remove_page(d, page_code=p["page"]),
    "page-rename": lambda d, p: edits.rename_page(d, page_code=p["page"], title=_title(p)),
}


def _title(parts: dict[str, str]) -> dict[str, str]:
    return texts(parts, "title") or {}


@designers_only
@require_POST
def arrange(request: HttpRequest, slug: str) -> HttpResponse:
    """Move a field or a page up or down, to another page, or remove it."""
    version = draft_of(request, slug)
    operation = ARRANGE.get(request.POST.get("op", ""))
    if operation is None:
        raise Http404("No such change.")
    parts = {k: request.POST.get(k, "").strip() for k in ("field", "page", "title_en", "title_dz")}
    focus = f"{request.POST['op']}-{parts['field'] or parts['page']}"
    if request.POST["op"] == "page-rename" and not parts["title_en"]:
        messages.error(request, _("Give the page a title in English."))
        return redirect(section_url(slug, focus, focus))
    try:
        document = operation(version.document, parts)
        revision = int(request.POST.get("revision", "0"))
    except (EditError, ValueError) as error:
        raise Http404("Nothing to change.") from error
    for message, _target in _store(request, version, document, revision):
        messages.error(request, message)
    return redirect(section_url(slug, focus, focus))


@designers_only
@require_POST
def add_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Add an empty page at the end."""
    version = draft_of(request, slug)
    form = PageForm(request.POST)
    if not form.is_valid():
        for message, _target in form.error_list():
            messages.error(request, message)
        return redirect(section_url(slug, "new-page"))
    document = edits.add_page(version.document, title=texts(form.cleaned_data, "title") or {})
    for message, _target in _store(request, version, document, form.cleaned_data["revision"]):
        messages.error(request, message)
    return redirect(section_url(slug, "new-page"))


def _field_choices(document: Document, skip: str = "") -> list[tuple[str, str]]:
    return [
        (item["code"], item["label"]["en"])
        for page in document.get("pages", [])
        for item in page["fields"]
        if item["code"] != skip
    ]


@designers_only
def field(request: HttpRequest, slug: str, code: str = "", checking: bool = False) -> HttpResponse:
    """Add a question to a page, or change one; `checking`: only check the unsaved change."""
    version = draft_of(request, slug, checking)
    document = version.document
    try:
        page_code, base = (
            edits.find_field(document, code) if code else (request.GET.get("page", ""), {})
        )
    except EditError as error:
        raise Http404("No such field.") from error
    initial = (
        drafting.field_initial(base, version.revision)
        if code
        else {"revision": version.revision, "required": True}
    )
    form = FieldForm(
        request.POST or None,
        initial=initial,
        lists=drafting.choice_lists(document),
        fields=_field_choices(document, skip=code),
        answers=drafting.answers(document),
    )
    errors: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        changed = _with_field(document, form, page_code=page_code, code=code, base=base)
        if checking:
            return checks.respond(
                request, version, changed, parts=[checks.part_of(document, changed, "field", code)]
            )
        errors = _store(request, version, changed, form.cleaned_data["revision"])
        if not errors:
            messages.success(request, _("The question is saved."))
            if request.POST.get("then") == "another":
                return redirect(reverse("designer:new_field", args=[slug]) + f"?page={page_code}")
            return redirect(section_url(slug, f"page-{page_code}"))
        _refresh_revision(form, version)
    if checking:
        return checks.form_errors(request, form.error_list())
    context = {
        "service": version.service,
        "form": form,
        "errors": errors or form.error_list(),
        "code": code,
    }
    return render(request, "designer/field.html", context)


def _refresh_revision(form: Any, version: ServiceVersion) -> None:
    """After a refusal, a second save is a choice made knowingly: it uses the current revision."""
    version.refresh_from_db()
    form.data = form.data.copy()
    form.data["revision"] = str(version.revision)


def _with_field(
    document: Document, form: FieldForm, *, page_code: str, code: str, base: dict[str, Any]
) -> Document:
    data = form.cleaned_data
    changed = dict(document)
    choices = data.get("choices") or None
    if data["type"] in drafting.CHOICE_TYPES and form.option_lines():
        new_list = drafting.new_choice_list(
            changed, texts(data, "label") or {}, form.option_lines()
        )
        changed["choice_lists"] = [*changed.get("choice_lists", []), new_list]
        choices = new_list["code"]
    new_code = code or edits.code_from(data["label_en"], edits.field_codes(document))
    definition = drafting.field_from(
        data, base={"code": new_code, **base}, show_if=form.show_if(), choices=choices
    )
    if code:
        return edits.replace_field(changed, field_code=code, field=definition)
    return edits.add_field(changed, page_code=page_code, field=definition)


def _description_initial(document: Document, revision: int) -> dict[str, Any]:
    initial: dict[str, Any] = {"revision": revision}
    description = document.get("description", {})
    for language in ("en", "dz"):
        initial[f"title_{language}"] = document["title"].get(language, "")
        initial[f"summary_{language}"] = document["summary"].get(language, "")
        for part in DESCRIPTION_PARTS:
            initial[f"{part}_{language}"] = description.get(part, {}).get(language, "")
        initial[f"steps_{language}"] = "\n".join(
            s.get(language, "") for s in description.get("steps", [])
        )
    return initial


def _with_description(document: Document, data: dict[str, Any]) -> Document:
    changed = dict(document)
    changed["title"], changed["summary"] = texts(data, "title"), texts(data, "summary")
    description: dict[str, Any] = {part: texts(data, part) for part in DESCRIPTION_PARTS}
    english = [s.strip() for s in data["steps_en"].splitlines() if s.strip()]
    dzongkha = [s.strip() for s in data["steps_dz"].splitlines() if s.strip()]
    description["steps"] = [
        {"en": en, **({"dz": dzongkha[i]} if i < len(dzongkha) else {})}
        for i, en in enumerate(english)
    ]
    order = ("purpose", "who_can_apply", "steps", "expected_time", "legal_basis")
    changed["description"] = {
        **document.get("description", {}),
        **{k: description[k] for k in order},
    }
    return changed


def _focus_unwritten(form: DescriptionForm) -> None:
    """The cursor starts in the first box still holding the new service's unwritten text."""
    for name, box in form.fields.items():
        language = name.rsplit("_", 1)[-1]
        if form.initial.get(name) == UNWRITTEN.get(language):
            box.widget.attrs["autofocus"] = True
            return


@designers_only
def description(request: HttpRequest, slug: str, checking: bool = False) -> HttpResponse:
    """The public description, English and Dzongkha side by side; `checking`: only check it."""
    version = draft_of(request, slug, checking)
    form = DescriptionForm(
        request.POST or None, initial=_description_initial(version.document, version.revision)
    )
    errors: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        changed = _with_description(version.document, form.cleaned_data)
        if checking:
            return checks.respond(request, version, changed, parts=checks.DESCRIPTION_PARTS)
        errors = _store(request, version, changed, form.cleaned_data["revision"])
        if not errors:
            messages.success(request, _("The description is saved."))
            return redirect("designer:draft", slug=slug)
        _refresh_revision(form, version)
    if checking:
        return checks.form_errors(request, form.error_list())
    pairs = [
        (form[f"{name}_en"], form[f"{name}_dz"]) for name in (*DescriptionForm.PAIRS, "legal_basis")
    ]
    if not form.is_bound:
        _focus_unwritten(form)
    context = {
        "service": version.service,
        "form": form,
        "pairs": pairs,
        "errors": errors or form.error_list(),
    }
    return render(request, "designer/description.html", context)


@designers_only
def fee(request: HttpRequest, slug: str, code: str = "", checking: bool = False) -> HttpResponse:
    """Add or change a fee: fixed, per unit, by choice or a formula; `checking`: only check it."""
    version = draft_of(request, slug, checking)
    fees = {f["code"]: f for f in version.document.get("fees", [])}
    if code and code not in fees:
        raise Http404("No such fee.")
    initial = (
        drafting.fee_initial(fees[code], version.revision)
        if code
        else {
            "revision": version.revision,
            "kind": "fixed",
            "refund": "on_rejection",
            "account": _usual_account(version),
        }
    )
    form = FeeForm(
        request.POST or None,
        initial=initial,
        fields=_field_choices(version.document),
        answers=drafting.answers(version.document),
    )
    errors: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        changed = _with_fee(version, form.cleaned_data, code=code)
        if checking:
            part = checks.part_of(version.document, changed, "fee", code)
            return checks.respond(request, version, changed, parts=[part])
        errors = _store(request, version, changed, form.cleaned_data["revision"])
        if not errors:
            messages.success(request, _("The fee is saved."))
            return redirect(section_url(slug, "fees"))
        _refresh_revision(form, version)
    if checking:
        return checks.form_errors(request, form.error_list())
    context = {
        "service": version.service,
        "form": form,
        "errors": errors or form.error_list(),
        "code": code,
    }
    return render(request, "designer/fee.html", context)


def _usual_account(version: ServiceVersion) -> str:
    """A new fee's account: the one the service's fees already use, or one named after it."""
    for entry in version.document.get("fees", []):
        return str(entry["account"])
    named = f"{version.service.agency.code}-{version.service.slug}".upper()
    made = re.sub(r"[^A-Z0-9-]", "", named)
    return made[:32].rstrip("-")


def _with_fee(version: ServiceVersion, data: dict[str, Any], *, code: str) -> Document:
    document = dict(version.document)
    fees = [dict(f) for f in document.get("fees", [])]
    new_code = code or edits.code_from(data["label_en"], {f["code"] for f in fees}, separator="-")
    entry = {
        "code": new_code,
        "label": texts(data, "label"),
        "agency": version.service.agency.code,
        "account": data["account"],
        "amount": data["rule"],
    }
    kept = next((f for f in fees if f["code"] == code), {})
    entry = {**kept, **entry}
    refund = data.get("refund") or entry.get("refund") or drafting.default_refund(entry)
    if refund != drafting.default_refund(entry) or "refund" in kept:
        entry["refund"] = refund
    document["fees"] = [entry if f["code"] == code else f for f in fees] if code else [*fees, entry]
    return document


def _mapping(content: Any) -> Document:
    if not isinstance(content, dict):
        raise DefinitionError([_("The definition must be a mapping of names to values.")])
    return content


@designers_only
def document(request: HttpRequest, slug: str, checking: bool = False) -> HttpResponse:
    """The whole definition as YAML, for those who prefer to edit it directly."""
    version = draft_of(request, slug, checking)
    form = DocumentForm(
        request.POST or None,
        initial={"revision": version.revision, "text": dump_yaml(version.document)},
    )
    errors: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            changed = _mapping(parse_text(form.cleaned_data["text"]).content)
        except DefinitionError as error:
            errors = [(str(problem), "id_text") for problem in error.problems]
        else:
            if checking:
                return checks.respond(request, version, changed)
            errors = _store(request, version, changed, form.cleaned_data["revision"])
        if not errors:
            messages.success(request, _("The definition is saved."))
            return redirect("designer:draft", slug=slug)
        _refresh_revision(form, version)
    if checking:
        return checks.form_errors(request, errors or form.error_list())
    context = {"service": version.service, "form": form, "errors": errors or form.error_list()}
    return render(request, "designer/document.html", context)
